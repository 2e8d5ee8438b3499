"""boucle: the Chalice application. Wiring only: every handler calls into chalicelib."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice, DynamoDBEvent, Rate, Response, S3Event, SNSEvent

from chalicelib import stream
from chalicelib.admin.auth import authenticate
from chalicelib.admin.routes import admin
from chalicelib.config import settings
from chalicelib.errors import not_found
from chalicelib.followup.routes import loop
from chalicelib.intake import public
from chalicelib.observability import invocation
from chalicelib.responses import api_errors, html_response, json_response
from chalicelib.web.routes import web

app = Chalice(app_name="boucle")
app.api.binary_types = []  # every body is text or JSON; keep raw bytes untouched
app.register_blueprint(web)
app.register_blueprint(admin)
app.register_blueprint(loop)

# A placeholder keeps `chalice package` and the test client working when the
# stream ARN is not configured; deployments get the real ARN from the template.
FEEDBACK_STREAM_ARN = (
    settings().feedback_stream_arn
    or "arn:aws:dynamodb:eu-west-1:000000000000:table/boucle-feedback/stream/1970-01-01T00:00:00.000"
)
INTAKE_CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain"]


def _request_id() -> str | None:
    return (app.current_request.context or {}).get("requestId") if app.current_request else None


@app.route("/v1/health", methods=["GET"])
def health() -> Response:
    return json_response({"status": "ok"})


@app.route("/v1/openapi.json", methods=["GET"])
def openapi_document() -> Response:
    """The OpenAPI 3.0 description of the JSON API (chalicelib/openapi.py)."""
    from chalicelib import openapi  # imported on use: every function's cold start stays lean

    return json_response(openapi.document(settings().public_url))


@app.route("/v1/feedback", methods=["POST"], content_types=INTAKE_CONTENT_TYPES)
@api_errors
def post_feedback() -> Response:
    with invocation(_request_id()):
        return public.post_feedback(app.current_request, _request_id())


@app.route("/v1/feedback", methods=["OPTIONS"])
@api_errors
def preflight_feedback() -> Response:
    return public.preflight(app.current_request)


@app.lambda_function(name="intake")
def intake(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """POST/OPTIONS /v1/feedback in production: its own function with a narrower role.

    The packaged template (infra/merge.yaml) points those two API Gateway methods here;
    the Chalice app dispatches the proxy event to the same route functions as api_handler.
    """
    return app(event, context)


@app.route("/thanks", methods=["GET"])
def thanks() -> Response:
    return html_response(public.thank_you_page(app.current_request.query_params or {}))


@app.route("/v1/admin/outbox", methods=["GET"])
@api_errors
def admin_outbox() -> Response:
    """Local stage only: every message that would have left boucle (alerts, emails, SMS)."""
    if not settings().is_local:
        raise not_found("the outbox exists only in the local stage")
    authenticate(app.current_request.headers, require="viewer")
    from chalicelib import outbox

    return json_response({"messages": outbox.messages()})


@app.route("/v1/admin/alert-subscriptions", methods=["GET"])
@api_errors
def list_alert_subscriptions() -> Response:
    authenticate(app.current_request.headers, require="viewer")
    from chalicelib import subscriptions

    return json_response({"subscriptions": subscriptions.list_subscriptions()})


@app.route("/v1/admin/alert-subscriptions", methods=["POST"], content_types=["application/json"])
@api_errors
def create_alert_subscription() -> Response:
    authenticate(app.current_request.headers, require="agent")
    from chalicelib import subscriptions

    body = public.json_object(app.current_request.raw_body)
    return json_response(
        subscriptions.subscribe(
            body.get("protocol", ""),
            body.get("endpoint", ""),
            body.get("sites"),
            body.get("severities"),
            body.get("topics"),
        ),
        201,
    )


@app.on_dynamodb_record(stream_arn=FEEDBACK_STREAM_ARN, batch_size=50, starting_position="TRIM_HORIZON")
def on_feedback_change(event: DynamoDBEvent) -> dict[str, Any]:
    with invocation(None):
        return stream.handle_batch(event.to_dict())


@app.on_s3_event(bucket=settings().raw_mail_bucket, prefix="raw/", events=["s3:ObjectCreated:*"])
def on_raw_mail(event: S3Event) -> None:
    with invocation(event.key):
        from chalicelib.intake import mail

        mail.handle_object(event.bucket, event.key)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def sweep(event: Any) -> dict[str, int]:
    """Send the follow-ups that are due (chalicelib.followup.sweep)."""
    from chalicelib.followup import sweep as followup_sweep

    with invocation(None):
        report = followup_sweep.run()
        return {"read": report.read, "sent": report.sent}


@app.on_sns_message(topic=settings().ses_notifications_topic or "boucle-ses-notifications")
def on_ses_notification(event: SNSEvent) -> None:
    """SES bounces and complaints: suppress the addresses they name."""
    from chalicelib.followup import suppression

    with invocation(None):
        suppression.handle_ses_message(event.message)
