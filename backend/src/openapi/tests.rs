use super::*;
use serde_json::Value;

fn document() -> Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap()
}

/// (path, method, operation) of every operation in the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((path.clone(), method.clone(), op.clone()));
        }
    }
    out
}

fn assert_error_response(op: &Value, status: &str, code: &str, what: &str) {
    let r = &op["responses"][status];
    assert!(r.is_object(), "{what}: no {status}");
    assert_eq!(
        r["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody",
        "{what}: {status} without the ErrorBody schema"
    );
    let description = r["description"].as_str().unwrap();
    assert!(
        description.contains(code),
        "{what}: {status} does not name {code}: {description}"
    );
}

#[test]
fn every_operation_declares_the_answers_the_framework_gives() {
    let doc = document();
    let ops = operations(&doc);
    assert!(ops.len() >= 50, "only {} operations", ops.len());
    for (path, method, op) in &ops {
        let what = format!("{method} {path}");
        let security = op["security"].as_array().cloned().unwrap_or_default();
        let bearer: Vec<&Value> = security.iter().filter_map(|r| r.get("bearer")).collect();
        let optional = security
            .iter()
            .any(|r| r.as_object().is_some_and(|o| o.is_empty()));
        if !bearer.is_empty() {
            let code = if optional {
                "invalid_token"
            } else {
                "unauthenticated"
            };
            assert_error_response(op, "401", code, &what);
            assert_error_response(op, "401", "token_expired", &what);
        }
        if bearer.iter().any(|scopes| scopes != &&Value::Array(vec![])) {
            assert_error_response(op, "403", "forbidden", &what);
        }
        let content = &op["requestBody"]["content"];
        if content["application/json"].is_object() {
            assert_error_response(op, "400", "invalid_json", &what);
            assert_error_response(op, "413", "payload_too_large", &what);
            assert_error_response(op, "415", "unsupported_media_type", &what);
        } else if content["multipart/form-data"].is_object() {
            for (status, code) in [
                ("400", "invalid_form"),
                ("400", "upload_interrupted"),
                ("408", "upload_timeout"),
                ("413", "payload_too_large"),
                ("415", "unsupported_media_type"),
                ("422", "missing_file"),
                ("503", "uploads_busy"),
            ] {
                assert_error_response(op, status, code, &what);
            }
        } else if content.is_object() {
            assert_error_response(op, "400", "upload_interrupted", &what);
            assert_error_response(op, "413", "payload_too_large", &what);
        }
        for p in op["parameters"].as_array().into_iter().flatten() {
            match (p["in"].as_str(), p["schema"]["type"].as_str()) {
                (Some("query"), _) => assert_error_response(op, "400", "invalid_query", &what),
                (Some("path"), Some("integer")) => {
                    assert_error_response(op, "400", "invalid_path", &what)
                }
                _ => {}
            }
        }
        if !NOT_DB_BACKED.contains(&path.as_str()) {
            assert_error_response(op, "503", "database_unavailable", &what);
        }
        for status in ["429", "503"] {
            if op["responses"][status].is_object() {
                assert!(
                    op["responses"][status]["headers"]["Retry-After"].is_object(),
                    "{what}: {status} without Retry-After"
                );
            }
        }
        for (status, r) in op["responses"].as_object().unwrap() {
            if status.starts_with('4') || status.starts_with('5') {
                assert!(
                    r["content"]["application/json"]["schema"]["$ref"]
                        == "#/components/schemas/ErrorBody",
                    "{what}: {status} has no ErrorBody"
                );
            }
        }
    }
}

#[test]
fn the_staff_only_operations_name_their_roles() {
    let doc = document();
    let op = &doc["paths"]["/api/v1/admin/users"]["get"];
    assert_eq!(
        op["security"][0]["bearer"],
        serde_json::json!(["staff", "admin"])
    );
    let d = op["responses"]["403"]["description"].as_str().unwrap();
    assert!(d.contains("staff, admin"), "{d}");
    // Anonymous-friendly operations say a bad token is still refused.
    let op = &doc["paths"]["/api/v1/challenges"]["get"];
    assert!(
        op["responses"]["401"]["description"]
            .as_str()
            .unwrap()
            .contains("invalid_token")
    );
    assert!(!doc["paths"]["/healthz"]["get"]["responses"]["503"].is_object());
}

/// Every image upload is a form with the image as a binary `file`;
/// no operation takes a raw image body.
#[test]
fn every_image_upload_is_a_form_with_a_binary_file() {
    let doc = document();
    let uploads = [
        ("/api/v1/me/avatar", "put"),
        ("/api/v1/challenges/{slug}/cover", "put"),
        ("/api/v1/challenges/{slug}/entries", "post"),
        ("/api/v1/challenges/{slug}/palette-check", "post"),
        ("/api/v1/polls/{id}/options/{option_id}/image", "put"),
    ];
    for (path, method) in uploads {
        let content = &doc["paths"][path][method]["requestBody"]["content"];
        let types: Vec<&String> = content.as_object().unwrap().keys().collect();
        assert_eq!(types, ["multipart/form-data"], "{method} {path}");
        let schema = &content["multipart/form-data"]["schema"];
        let name = schema["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
        let file = &doc["components"]["schemas"][name]["properties"]["file"];
        assert_eq!(file["type"], "string", "{method} {path}");
        assert_eq!(file["format"], "binary", "{method} {path}");
        let required = &doc["components"]["schemas"][name]["required"];
        assert!(
            required.as_array().unwrap().contains(&"file".into()),
            "{method} {path}"
        );
    }
    for (path, method, op) in operations(&doc) {
        for content_type in op["requestBody"]["content"]
            .as_object()
            .into_iter()
            .flatten()
        {
            // A sales import is a CSV file; it is text, never an image.
            assert!(
                ["application/json", "multipart/form-data", "text/csv"]
                    .contains(&content_type.0.as_str()),
                "{method} {path} takes {}",
                content_type.0
            );
        }
    }
}

/// An operation added later gets the same answers without touching this
/// file: only its declaration counts.
#[test]
fn a_new_operation_is_covered_by_its_declaration_alone() {
    use utoipa::Modify;
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::security::SecurityRequirement;
    use utoipa::openapi::{ContentBuilder, PathItem, PathsBuilder, ResponseBuilder};

    let op = OperationBuilder::new()
        .parameter(
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .schema(Some(utoipa::openapi::schema::Object::with_type(
                    utoipa::openapi::schema::Type::Integer,
                ))),
        )
        .request_body(Some(
            RequestBodyBuilder::new()
                .content("application/json", ContentBuilder::new().build())
                .build(),
        ))
        .security(SecurityRequirement::new("bearer", ["admin"]))
        .response(
            "403",
            ResponseBuilder::new().description("`not_yours`").build(),
        )
        .build();
    let mut api = utoipa::openapi::OpenApiBuilder::new()
        .paths(PathsBuilder::new().path("/api/v1/new/{id}", PathItem::new(HttpMethod::Put, op)))
        .build();
    FrameworkResponses.modify(&mut api);
    let doc = serde_json::to_value(api).unwrap();
    let op = &doc["paths"]["/api/v1/new/{id}"]["put"];
    assert_error_response(op, "400", "invalid_json", "new");
    assert_error_response(op, "400", "invalid_path", "new");
    assert_error_response(op, "401", "unauthenticated", "new");
    assert_error_response(op, "403", "not_yours", "new");
    assert_error_response(op, "403", "only these roles may do this: admin", "new");
    assert_error_response(op, "413", "payload_too_large", "new");
    assert_error_response(op, "415", "unsupported_media_type", "new");
    assert_error_response(op, "503", "database_unavailable", "new");
}
