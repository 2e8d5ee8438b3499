"""The moto server of the local stack, with the fixes of `moto_fixes` applied first."""

from __future__ import annotations

import sys

from infra.local import moto_fixes

if __name__ == "__main__":
    moto_fixes.apply()
    from moto.server import main

    sys.exit(main(sys.argv[1:]))
