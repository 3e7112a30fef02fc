# SPDX-License-Identifier: Apache-2.0
"""One line per check, "ok" or "FAIL" (with the end of its log), and a count."""
import os


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name):
        self.passed += 1
        print(f'  ok   {name}', flush=True)

    def bad(self, name, log=None, text=None):
        self.failed += 1
        print(f'  FAIL {name}', flush=True)
        lines = []
        if log and os.path.isfile(log):
            with open(log, errors='replace') as f:
                lines = f.read().splitlines()
        elif text:
            lines = text.splitlines()
        # The model's goroutine dumps say nothing the last lines do not.
        lines = [l for l in lines if not l.startswith('runtime:')][-15:]
        for l in lines:
            print(f'       | {l}')

    def check(self, passed, name, log=None, text=None):
        if passed:
            self.ok(name)
        else:
            self.bad(name, log, text)
        return passed

    @staticmethod
    def note(text):
        print(f'  note {text}', flush=True)
