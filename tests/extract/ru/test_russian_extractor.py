"""The Russian extractor on invented news sentences: one story per behaviour."""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.ru.conftest import ExtractRussian, of_type

pytestmark = pytest.mark.model

# A Monday.
PUBLISHED = date(2025, 3, 17)


def test_a_detention_with_its_count_date_place_and_police(extract_ru: ExtractRussian) -> None:
    text = "В субботу в Алматы полиция задержала около 40 участников акции протеста."

    [detention] = of_type(extract_ru(text, PUBLISHED), "detention")

    assert (detention.date.start, detention.date.precision) == (date(2025, 3, 15), "day")
    assert (detention.location.name, detention.location.country) == ("Almaty", "KZ")
    assert detention.location.text == "Алматы"
    assert ("полиция", "police", "perpetrator") in {
        (a.name, a.kind, a.role) for a in detention.actors
    }
    count = detention.counts["detained"]
    assert (count.min, count.max, count.text) == (35, 45, "около 40")


def test_the_evidence_points_into_the_original_russian_text(extract_ru: ExtractRussian) -> None:
    text = "Заголовок без события\n\nВ Уральске задержали журналиста Марата Сейткали."

    [detention] = of_type(extract_ru(text), "detention")

    [evidence] = detention.evidence
    assert text[evidence.start : evidence.end] == evidence.text
    assert evidence.text == "В Уральске задержали журналиста Марата Сейткали."
    assert detention.location.name == "Oral"


def test_a_passive_names_its_targets_in_the_nominative(extract_ru: ExtractRussian) -> None:
    text = "Вчера в Жанаозене были задержаны активисты Марат Сейткали и Ерлан Жумабеков."

    [detention] = of_type(extract_ru(text, PUBLISHED), "detention")

    assert detention.location.name == "Zhanaozen"
    assert detention.date.start == date(2025, 3, 16)
    targets = {a.name for a in detention.actors if a.role == "target"}
    assert "Марат Сейткали" in targets


def test_an_impersonal_plural_names_no_perpetrator(extract_ru: ExtractRussian) -> None:
    text = "В Шымкенте задержали активиста Марата Сейткали."

    [detention] = of_type(extract_ru(text), "detention")

    assert [a.role for a in detention.actors] == ["target"]


def test_a_negated_detention_is_no_event(extract_ru: ExtractRussian) -> None:
    text = "Участников митинга в Алматы полиция не задерживала."

    assert of_type(extract_ru(text), "detention") == []


def test_a_promised_detention_is_announced(extract_ru: ExtractRussian) -> None:
    text = "Власти Алматы пообещали задержать всех участников несогласованного шествия."

    [detention] = of_type(extract_ru(text), "detention")

    assert detention.status == "announced"


def test_a_verdict_is_a_sentence_by_the_court(extract_ru: ExtractRussian) -> None:
    text = "Суд в Шымкенте приговорил Марата Сейткали к пяти годам колонии."

    [sentence] = of_type(extract_ru(text), "legal_action")

    assert sentence.subtype == "sentence"
    assert sentence.location.name == "Shymkent"
    assert {(a.kind, a.role) for a in sentence.actors} >= {("court", "perpetrator")}
    assert "Марат Сейткали" in {a.name for a in sentence.actors}


def test_days_of_administrative_arrest_are_a_sentence(extract_ru: ExtractRussian) -> None:
    text = "Суд арестовал на 15 суток активиста Ерлана Жумабекова за участие в пикете."

    events = extract_ru(text)

    assert [e.subtype for e in of_type(events, "legal_action")] == ["sentence"]
    assert of_type(events, "detention") == []


def test_without_a_publication_date_the_year_stays_unknown(extract_ru: ExtractRussian) -> None:
    text = "10 мая в Актау оштрафовали активистку Дану Оспан."

    [fine] = of_type(extract_ru(text), "legal_action")

    assert fine.subtype == "fine"
    assert (fine.date.start, fine.date.precision, fine.date.text) == (None, "unknown", "10 мая")


def test_a_minister_speaking_of_trade_is_no_statement(extract_ru: ExtractRussian) -> None:
    text = "Министр торговли заявил, что экспорт зерна вырос на десять процентов."

    assert extract_ru(text) == []


def test_people_named_by_a_participle_are_no_new_act(extract_ru: ExtractRussian) -> None:
    text = "Задержанные активисты провели ночь в изоляторе."

    assert of_type(extract_ru(text), "detention") == []


def test_the_police_confirming_a_detention_is_an_official_claim(extract_ru: ExtractRussian) -> None:
    text = (
        "В Караганде задержали активиста Марата Сейткали. "
        "Задержание подтвердили в департаменте полиции области."
    )

    [claim] = of_type(extract_ru(text), "statement")

    assert claim.subtype == "official_claim"
    assert {a.kind for a in claim.actors if a.role == "speaker"} == {"police"}


def test_a_president_speaking_is_an_official(extract_ru: ExtractRussian) -> None:
    text = (
        "В Бишкеке задержали участников митинга. "
        "Президент Айдар Сейткалиев заявил, что митинг был незаконным."
    )

    [statement] = of_type(extract_ru(text), "statement")

    assert ("official", "speaker") in {(a.kind, a.role) for a in statement.actors}


def test_a_rally_that_will_take_place_is_announced(extract_ru: ExtractRussian) -> None:
    text = "Оппозиция проведёт митинг в Алматы в субботу."

    [rally] = of_type(extract_ru(text), "protest")

    assert rally.status == "announced"


def test_arrested_in_a_text_counting_days_of_arrest_is_that_sentence(
    extract_ru: ExtractRussian,
) -> None:
    text = "В Актау арестовали активиста Марата Сейткали. Суд назначил ему 10 суток ареста."

    events = extract_ru(text)

    assert of_type(events, "detention") == []
    assert {e.subtype for e in of_type(events, "legal_action")} == {"sentence"}


def test_arrested_without_a_term_anywhere_is_a_detention(extract_ru: ExtractRussian) -> None:
    text = "В Актау полиция арестовала активиста Марата Сейткали."

    [detention] = of_type(extract_ru(text), "detention")

    assert ("Марат Сейткали", "target") in {(a.name, a.role) for a in detention.actors}


def test_a_person_let_go_by_a_pronoun_is_a_release(extract_ru: ExtractRussian) -> None:
    text = "Дану Оспан задержали в Актобе. Вечером её отпустили из отдела полиции."

    [release] = of_type(extract_ru(text), "legal_action")

    assert release.subtype == "release"


def test_fields_freed_of_a_harvest_are_no_release(extract_ru: ExtractRussian) -> None:
    text = "Аграрии Костанайской области должны освободить поля от пшеницы до конца месяца."

    assert extract_ru(text) == []


def test_fines_in_a_currency_are_imposed_fines(extract_ru: ExtractRussian) -> None:
    text = "Участников пикета в Актобе задержали, им назначили штрафы от 10 до 20 тыс. тенге."

    fines = [e for e in of_type(extract_ru(text), "legal_action") if e.subtype == "fine"]

    assert len(fines) == 1


def test_a_rally_of_decades_ago_recalled_in_a_review_is_history(extract_ru: ExtractRussian) -> None:
    text = "Фильм напоминает, как в 1986 году в Алматы разогнали демонстрацию студентов."

    assert of_type(extract_ru(text, PUBLISHED), "protest") == []


def test_a_rally_a_film_recalls_in_a_when_clause_is_no_event(extract_ru: ExtractRussian) -> None:
    text = (
        "Вчера в кинотеатрах начался показ фильма «Степной ветер». Режиссёр хотел рассказать о"
        " днях, когда в 1986 году в Алматы разогнали демонстрацию студентов."
    )

    assert extract_ru(text) == []


def test_a_rally_recalled_beside_todays_detention_is_kept(extract_ru: ExtractRussian) -> None:
    text = (
        "В Алматы полиция задержала активиста Марата Сейткали. Он вспоминал о днях, когда"
        " в 1986 году в Алматы прошла демонстрация студентов."
    )

    events = extract_ru(text, PUBLISHED)

    assert of_type(events, "detention")
    [rally] = of_type(events, "protest")
    assert rally.date.start == date(1986, 1, 1)


def test_a_picket_told_in_a_when_clause_of_a_detention_is_reported(
    extract_ru: ExtractRussian,
) -> None:
    text = "Полиция задержала Дану Оспан, когда она вышла на одиночный пикет в Актобе."

    assert of_type(extract_ru(text, PUBLISHED), "protest")


def test_a_case_named_in_quotes_is_no_event_of_its_own(extract_ru: ExtractRussian) -> None:
    text = "Активистку Дану Оспан допросили по «делу о задержании депутатов»."

    assert of_type(extract_ru(text), "detention") == []


def test_an_act_between_two_quoted_names_is_reported(extract_ru: ExtractRussian) -> None:
    text = 'Сотрудники "Центра Э" задержали редактора газеты "Голос Степи" Марата Сейткали.'

    [detention] = of_type(extract_ru(text), "detention")

    assert "Марат Сейткали" in {a.name for a in detention.actors}


def test_a_team_thrashing_its_rival_is_no_riot(extract_ru: ExtractRussian) -> None:
    text = "«Атлетик Степи» разгромил «Иртыш Юниор» со счётом 5:0 в матче чемпионата."

    assert of_type(extract_ru(text), "riot") == []


def test_a_crowd_wrecking_a_building_is_a_riot(extract_ru: ExtractRussian) -> None:
    text = "В Таразе толпа разгромила здание акимата."

    [riot] = of_type(extract_ru(text), "riot")

    assert riot.location.name == "Taraz"


def test_riot_police_using_tear_gas_is_an_assault_by_the_police(extract_ru: ExtractRussian) -> None:
    text = "ОМОН применил слезоточивый газ против протестующих в Минске."

    [assault] = of_type(extract_ru(text), "assault")

    assert assault.location.name == "Minsk"
    assert ("ОМОН", "police", "perpetrator") in {(a.name, a.kind, a.role) for a in assault.actors}
    assert ("protesters", "target") in {(a.kind, a.role) for a in assault.actors}


def test_those_who_died_are_the_targets(extract_ru: ExtractRussian) -> None:
    text = "В Таразе во время беспорядков погибли двое полицейских."

    [killing] = of_type(extract_ru(text), "killing")

    assert {(a.kind, a.role) for a in killing.actors} == {("police", "target")}
    assert (killing.counts["killed"].min, killing.counts["killed"].max) == (2, 2)


def test_a_case_against_someone_names_its_target(extract_ru: ExtractRussian) -> None:
    text = "Против блогера Ерлана Жумабекова возбудили уголовное дело."

    [case] = of_type(extract_ru(text), "legal_action")

    assert case.subtype == "investigation"
    assert ("Ерлан Жумабеков", "target") in {(a.name, a.role) for a in case.actors}


def test_a_march_organisers_intend_to_hold_is_announced(extract_ru: ExtractRussian) -> None:
    text = "Организаторы намерены провести шествие в Алматы."

    [march] = of_type(extract_ru(text), "protest")

    assert (march.subtype, march.status) == ("march", "announced")


def test_at_least_fifteen_detained(extract_ru: ExtractRussian) -> None:
    text = "В Москве задержаны не менее 15 человек, вышедших на антивоенную акцию."

    [detention] = of_type(extract_ru(text), "detention")

    count = detention.counts["detained"]
    assert (count.min, count.max, count.text) == (15, None, "не менее 15")


def test_a_person_condemned_in_the_passive_was_convicted(extract_ru: ExtractRussian) -> None:
    text = (
        "В Алматы прошёл митинг в поддержку активиста Марата Сейткали, осуждённого в прошлом году."
    )

    [sentence] = of_type(extract_ru(text), "legal_action")

    assert sentence.subtype == "sentence"


def test_acts_condemned_by_an_ngo_are_a_statement_not_a_verdict(
    extract_ru: ExtractRussian,
) -> None:
    text = "Правозащитники осудили задержания участников пикета в Актобе."

    assert of_type(extract_ru(text), "legal_action") == []
    [statement] = of_type(extract_ru(text), "statement")
    assert statement.subtype == "condemnation"


def test_a_lawyer_noting_what_the_judge_did_is_a_statement(extract_ru: ExtractRussian) -> None:
    text = (
        "Суд в Актау арестовал Дану Оспан на 10 суток. Адвокат Ирина Волкова отметила,"
        " что судья не выслушала защиту."
    )

    [statement] = of_type(extract_ru(text), "statement")

    assert ("Ирина Волкова", "speaker") in {(a.name, a.role) for a in statement.actors}


def test_a_holiday_marked_is_no_statement(extract_ru: ExtractRussian) -> None:
    text = "Суд в Актау арестовал Дану Оспан на 10 суток. Вчера жители Актау отметили праздник."

    assert of_type(extract_ru(text), "statement") == []


def test_counter_protesters_calling_names_is_harassment(extract_ru: ExtractRussian) -> None:
    text = "У здания акимата в Атырау неизвестные обзывали участников пикета предателями."

    assert of_type(extract_ru(text), "harassment")


def test_unfurling_a_banner_is_a_picket(extract_ru: ExtractRussian) -> None:
    text = "Активистка Дана Оспан развернула плакат у здания акимата в Таразе."

    [picket] = of_type(extract_ru(text), "protest")

    assert (picket.subtype, picket.location.name) == ("picket", "Taraz")


def test_a_detention_in_a_second_city_after_a_dash_is_its_own_event(
    extract_ru: ExtractRussian,
) -> None:
    text = "В Актобе задержали активиста Марата Сейткали, в Кызылорде — Дану Оспан."

    places = {e.location.name for e in of_type(extract_ru(text), "detention")}

    assert places == {"Aktobe", "Kyzylorda"}
