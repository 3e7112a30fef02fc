# SPDX-License-Identifier: Apache-2.0
"""The libFuzzer flags every campaign of ours shares: fuzz/campaign.flags,
read by make fuzz (scripts/fuzz), make soak and make bench."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def libfuzzer_flags():
    with open(os.path.join(ROOT, 'fuzz', 'campaign.flags')) as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.lstrip().startswith('#')]
