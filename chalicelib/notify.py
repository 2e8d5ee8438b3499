"""The only module that sends messages to customers: email through SES, SMS through SNS.

Keeping every customer-facing send here means one place enforces what must
hold for all of them: the suppression list is checked right before anything
goes out (opt-outs, bounces and complaints win over any queued work), SMS are
GSM-7 and capped per site and day, emails carry the one-click unsubscribe
headers of RFC 8058 and a reply address that threads replies back.

Failures are raised as `SendError` subclasses so the caller (the follow-up
sweep) can tell "try later" (`DeliveryFailed`) from "never" (`Suppressed`)
and "not today" (`SmsCapReached`). Nothing logged here carries an address or
a message body: only ids and codes.
"""

from __future__ import annotations

import os
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import clock, rollups
from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.contacts import contact_hash
from chalicelib.followup import suppression
from chalicelib.gsm7 import fold_to_gsm7
from chalicelib.models import connection
from chalicelib.observability import count, logger

DEFAULT_SMS_DAILY_CAP = 200


class SendError(Exception):
    """A message that did not go out."""


class Suppressed(SendError):
    """The contact opted out, bounced or complained: never send to it."""


class SmsCapReached(SendError):
    """The site's SMS budget for the day is spent."""


class DeliveryFailed(SendError):
    """SES or SNS refused or failed (throttling, outage): worth retrying later."""

    def __init__(self, service: str, code: str) -> None:
        super().__init__(f"{service} send failed: {code}")
        self.code = code


def sms_daily_cap() -> int:
    """`BOUCLE_SMS_DAILY_CAP` (default 200): SMS cost money, a bug must not spend without limit."""
    raw = os.environ.get("BOUCLE_SMS_DAILY_CAP", "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_SMS_DAILY_CAP
    except ValueError:
        return DEFAULT_SMS_DAILY_CAP


def build_email(
    to: str,
    subject: str,
    text: str,
    html: str,
    reply_to: str,
    list_unsubscribe_url: str,
) -> EmailMessage:
    """The MIME message: multipart/alternative (plain text, then HTML) with the list headers.

    `html` must already be escaped (the follow-up templates do it). Header
    values go through `EmailMessage`, which refuses line breaks in them.
    """
    message = EmailMessage()
    message["From"] = settings().mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Reply-To"] = reply_to
    message["Date"] = formatdate(clock.now(), usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings().inbound_domain)
    message["List-Unsubscribe"] = f"<{list_unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # RFC 3834: an automatic message; out-of-office robots should not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send_email(
    to: str,
    subject: str,
    text: str,
    html: str,
    reply_to: str,
    list_unsubscribe_url: str,
) -> str:
    """Send one follow-up email through SES; returns SES's message id."""
    _check_not_suppressed(contact_hash(email=to))
    message = build_email(to, subject, text, html, reply_to, list_unsubscribe_url)
    try:
        answer = client("ses").send_raw_email(
            Source=settings().mail_from,
            Destinations=[to],
            RawMessage={"Data": message.as_bytes()},
        )
    except (ClientError, BotoCoreError) as error:
        count("FollowupSendFailed", channel="email")
        raise DeliveryFailed("ses", _code(error)) from error
    count("FollowupEmailsSent")
    logger.info("follow-up email sent", extra={"ses_message_id": answer.get("MessageId")})
    return str(answer.get("MessageId", ""))


def send_sms(phone: str, text: str, *, site: str) -> str:
    """Send one transactional SMS through SNS, within the site's daily cap; returns SNS's message id."""
    _check_not_suppressed(contact_hash(phone=phone))
    day_key = rollups.day_key(clock.iso(), rollups.site_time_zone(site))  # the site's own day, as the dashboard's
    if not _reserve_sms(site, day_key):
        count("SmsCapReached")
        raise SmsCapReached(f"daily SMS cap of {sms_daily_cap()} reached")
    try:
        answer = client("sns").publish(
            PhoneNumber=phone,
            Message=fold_to_gsm7(text),
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
            },
        )
    except (ClientError, BotoCoreError) as error:
        _release_sms(site, day_key)
        count("FollowupSendFailed", channel="sms")
        raise DeliveryFailed("sns", _code(error)) from error
    count("FollowupSmsSent")
    logger.info("follow-up sms sent", extra={"sns_message_id": answer.get("MessageId")})
    return str(answer.get("MessageId", ""))


def _check_not_suppressed(hashed: str | None) -> None:
    if hashed and suppression.is_suppressed(hashed):
        raise Suppressed("contact is on the suppression list")


def _reserve_sms(site: str, day_key: str) -> bool:
    """Count one SMS in the site's day rollup (`sms_sent`) unless the cap is reached: atomic, no read."""
    try:
        connection().client.update_item(
            TableName=settings().rollup_table,
            Key={"pk": {"S": site}, "sk": {"S": day_key}},
            UpdateExpression="ADD sms_sent :one",
            ConditionExpression="attribute_not_exists(sms_sent) OR sms_sent < :cap",
            ExpressionAttributeValues={":one": {"N": "1"}, ":cap": {"N": str(sms_daily_cap())}},
        )
    except ClientError as error:
        if _code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _release_sms(site: str, day_key: str) -> None:
    """Give back a reserved SMS that did not go out (best effort: an overcount only lowers the cap)."""
    try:
        connection().client.update_item(
            TableName=settings().rollup_table,
            Key={"pk": {"S": site}, "sk": {"S": day_key}},
            UpdateExpression="ADD sms_sent :minus",
            ExpressionAttributeValues={":minus": {"N": "-1"}},
        )
    except ClientError:
        logger.warning("could not release an sms reservation", extra={"site": site})


def _code(error: Exception) -> str:
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", "ClientError"))
    return type(error).__name__
