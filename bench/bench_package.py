"""Size and hygiene of the Lambda deployment package (`make package`).

Builds the prod package into build/ (or reuses build/deployment.zip when it is newer than
every source that goes into it), then prints one JSON object per line:

- package_size_mb: the zip's size against a 20 MB baseline (smaller cold starts, faster deploys);
- package_dev_dependencies: how many development-only packages ended up in the zip (tooling,
  test libraries, or boto3/botocore, which the Lambda runtime provides). Should be 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
ZIP = BUILD / "deployment.zip"
BASELINE_MB = 20

# Import names (top-level entries of the zip) that must never be deployed, by package.
DEV_ONLY = {
    "boto3": {"boto3"},
    "botocore": {"botocore"},
    "click": {"click"},  # the Chalice CLI's dependencies
    "moto": {"moto"},
    "pytest": {"pytest", "_pytest"},
    "hypothesis": {"hypothesis"},
    "ruff": {"ruff"},
    "aiosmtpd": {"aiosmtpd"},
    "vaderSentiment": {"vaderSentiment", "vadersentiment"},
    "yaml": {"yaml", "_yaml"},
    "werkzeug": {"werkzeug"},
    "flask": {"flask"},
}


def sources() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "requirements.txt", ROOT / ".chalice" / "config.json"]
    files += [ROOT / "infra" / name for name in ("package.py", "merge.yaml", "template.yaml")]
    files += list((ROOT / "chalicelib").rglob("*"))
    return [path for path in files if path.is_file()]


def ensure_package() -> Path:
    if ZIP.exists() and ZIP.stat().st_mtime > max(path.stat().st_mtime for path in sources()):
        return ZIP
    subprocess.run(
        [sys.executable, "-m", "infra.package", "--stage", "prod", str(BUILD)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,  # one JSON object per line on stdout, nothing else
    )
    return ZIP


def dev_packages(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as archive:
        tops = {name.split("/", 1)[0].removesuffix(".py") for name in archive.namelist()}
    return sorted(package for package, names in DEV_ONLY.items() if names & tops)


def main() -> None:
    zip_path = ensure_package()
    size_mb = round(zip_path.stat().st_size / 1_000_000, 2)
    found = dev_packages(zip_path)
    print(
        json.dumps(
            {
                "name": "package_size_mb",
                "value": size_mb,
                "unit": "MB",
                "baseline": BASELINE_MB,
                "ratio": round(size_mb / BASELINE_MB, 4),
            }
        )
    )
    print(
        json.dumps(
            {
                "name": "package_dev_dependencies",
                "value": len(found),
                "unit": "count",
                "baseline": 0,
                "ratio": None,
                "found": found,
            }
        )
    )


if __name__ == "__main__":
    main()
