"""English extraction: the rules that read an English spaCy parse into events.

What is English lives here: the extractor and its argument and constraint rules, actor
naming, date and count phrases, and where sentences put sites. The machinery they share with
any other language (context, trackers, counts, candidates, confidence) sits one level up, so a
Russian extractor is a sibling package ``extract/ru`` of the same shape.
"""
