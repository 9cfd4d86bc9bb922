"""The course's weeks: which modules students write, which given files ship with them.

One place for these facts; the stub generator, the engine, the graders and the
nbgrader bridge all read them from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
COMMON = SOLUTIONS / "common"          # given code, released unchanged
TEMPLATE = ROOT / "student_template"
ASSIGNMENTS = ROOT / "assignments"
GRADERS = Path(__file__).resolve().parent / "graders"


@dataclass(frozen=True)
class Week:
    name: str
    modules: tuple[str, ...]   # student modules (solution regions -> stubs)
    given: tuple[str, ...]     # modules from solutions/common, released as they are
    data: tuple[str, ...] = ()  # data files from solutions/common, released byte for byte; never
                                # sent to the sandbox (no probe reads them; see docs/course-content.md)
    sandbox_given: tuple[str, ...] = ()     # the given modules the week's probes use (trusted copies in the sandbox)
    packages: tuple[str, ...] = ("numpy",)  # what the sandbox shows besides the standard library
    solutions_root: str = str(SOLUTIONS)   # other roots only for the engine's own test fixtures
    graders_root: str = str(GRADERS)
    template_root: str = str(TEMPLATE)

    def __post_init__(self):
        # the engine rebuilds a Week from JSON (asdict -> lists): keep the sequences tuples, hashable
        for name in ("modules", "given", "data", "sandbox_given", "packages"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def solution_dir(self) -> Path:
        return Path(self.solutions_root) / self.name

    @property
    def common_dir(self) -> Path:
        return Path(self.solutions_root) / "common"

    @property
    def template_dir(self) -> Path:
        return Path(self.template_root) / self.name

    @property
    def grader_dir(self) -> Path:
        return Path(self.graders_root) / self.name

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"

    @classmethod
    def from_dict(cls, data: dict) -> "Week":
        """The inverse of ``dataclasses.asdict`` (a worker receives its week as JSON)."""
        return cls(**data)


WEEKS: dict[str, Week] = {w.name: w for w in (
    Week("week1_gradient_descent", ("gradient_descent",), ("surfaces", "plotting"), sandbox_given=("surfaces",)),
    Week("week2_optimizers", ("optimizers",), ("surfaces", "plotting", "network", "datasets", "experiments"),
         ("digits.npz",), sandbox_given=("surfaces",)),
    Week("week3_schedules", ("schedules",), ("plotting", "network", "datasets", "experiments", "momentum_sgd"),
         ("digits.npz",)),
    Week("week4_stability", ("initializers", "clipping", "diagnostics", "training"),
         ("network", "datasets", "plotting", "momentum_sgd"), ("digits.npz",), sandbox_given=("network", "datasets")),
)}


def get_week(name: str) -> Week:
    try:
        return WEEKS[name]
    except KeyError:
        raise SystemExit(f"unknown week {name!r}; the weeks are: {', '.join(WEEKS)}") from None
