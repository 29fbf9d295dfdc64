"""What the project's Python test runners share: the PASS/FAIL lines and the
closing 'N passed, N failed' that scripts/test reads."""
import sys


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def report(self, name, err):
        """err: None when the test passed, else what went wrong."""
        if err:
            self.failed += 1
            print(f"FAIL {name}\n" + "\n".join("    " + l for l in err.splitlines()))
        else:
            self.passed += 1
            print(f"PASS {name}")
        sys.stdout.flush()

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1
