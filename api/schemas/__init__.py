"""Request and response bodies, one module per skill: the OpenAPI contract the actions and the
gateway rely on. Import them from their module (`api.schemas.leave`); `common` holds the error
shape and what several skills share."""
