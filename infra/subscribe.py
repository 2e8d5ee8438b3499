"""Subscribe a person to boucle alerts from the command line (any stage, with your AWS credentials).

    python -m infra.subscribe --topic-arn ARN --email billing@example.com --topics price --severity high
    python -m infra.subscribe --topic-arn ARN --sms +33612345678 --severity high --site demo

Against the local stack, add --endpoint-url http://127.0.0.1:4566 (the topic ARN is printed by `make run`'s outputs,
or use GET /v1/admin/alert-subscriptions). Production: the AlertEmail/AlertPhone template parameters subscribe one
address each at deploy time; this command and POST /v1/admin/alert-subscriptions add more with filter policies.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic-arn", required=True)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--email")
    target.add_argument("--sms", help="E.164 phone number")
    parser.add_argument("--site", action="append", dest="sites")
    parser.add_argument("--severity", action="append", dest="severities", choices=["normal", "high"])
    parser.add_argument("--topics", action="append", dest="topics")
    parser.add_argument("--endpoint-url")
    args = parser.parse_args(argv)
    os.environ["BOUCLE_ALERTS_TOPIC_ARN"] = args.topic_arn
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url
    from chalicelib.errors import ApiError
    from chalicelib.subscriptions import subscribe

    try:
        result = subscribe(
            "email" if args.email else "sms", args.email or args.sms, args.sites, args.severities, args.topics
        )
    except ApiError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
