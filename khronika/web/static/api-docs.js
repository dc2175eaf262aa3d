// Swagger UI over /api/openapi.json. Requests made from it use this browser's session, so
// writes carry the session's CSRF token like any other form of the desk.
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  var meta = document.querySelector('meta[name="csrf-token"]');
  SwaggerUIBundle({
    url: box.dataset.url,
    domNode: box,
    requestInterceptor: function (request) {
      if (meta && request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRF-Token"] = meta.content;
      }
      return request;
    },
  });
})();
