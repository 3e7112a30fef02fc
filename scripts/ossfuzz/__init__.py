# SPDX-License-Identifier: Apache-2.0
"""scripts/oss-fuzz-check's parts: OSS-Fuzz's own scripts run from an
oss-fuzz checkout without docker (checkout, dockerenv, image, upstream),
then the project's stricter checks (extras), each result through report."""
