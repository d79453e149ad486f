"""Kernels for mean shift and the shadow densities they climb.

Mean shift moves a point ``x`` to the weighted mean of the data around it::

    m(x) = sum_i g(u_i) x_i / sum_i g(u_i),   u_i = ||x - x_i||^2 / h^2

``g`` is the *weighting* profile. Cheng (1995) showed that this update climbs
the gradient of a kernel density estimate built with another profile ``k``, the
*shadow* of ``g``, where ``k'(u) = -c g(u)``. With flat weights the update
climbs an Epanechnikov density; Epanechnikov weights climb a biweight density;
the Gaussian is its own shadow.

Every function here takes ``u``, the squared distance divided by the squared
bandwidth, so the bandwidth ``h`` is the window radius of the compact kernels
and the standard deviation of the Gaussian.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["KERNELS", "Kernel", "get_kernel", "register_kernel"]

Profile = Callable[[NDArray[np.float64]], NDArray[np.float64]]


def _flat(u: NDArray[np.float64]) -> NDArray[np.float64]:
    return (u <= 1.0).astype(np.float64)


def _epanechnikov(u: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.clip(1.0 - u, 0.0, None)


def _biweight(u: NDArray[np.float64]) -> NDArray[np.float64]:
    w = np.clip(1.0 - u, 0.0, None)
    return w * w


def _gaussian(u: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.exp(-0.5 * u)


def _unit_ball_volume(d: int) -> float:
    return math.pi ** (d / 2) / math.gamma(d / 2 + 1)


def _epanechnikov_norm(d: int) -> float:
    # integral over the unit ball of (1 - |x|^2) = 2 V_d / (d + 2)
    return (d + 2) / (2.0 * _unit_ball_volume(d))


def _biweight_norm(d: int) -> float:
    # integral over the unit ball of (1 - |x|^2)^2 = 8 V_d / ((d + 2)(d + 4))
    return (d + 2) * (d + 4) / (8.0 * _unit_ball_volume(d))


def _gaussian_norm(d: int) -> float:
    return (2.0 * math.pi) ** (-d / 2)


@dataclass(frozen=True, eq=False)
class Kernel:
    """A mean shift weighting kernel and, when known, its shadow density.

    Parameters
    ----------
    name : str
        A short name shown on plots.
    weight : callable
        The weighting profile ``g(u)`` of ``u = squared distance / bandwidth**2``;
        returns non-negative weights of the same shape.
    radius : float
        The window radius in bandwidths: weights are zero beyond it
        (``math.inf`` for kernels without compact support).
    shadow : callable or None
        The shadow profile ``k(u)`` whose density the update climbs, or None
        when it is not known (a custom kernel).
    shadow_name : str
        The name of the shadow density, for plots.
    shadow_norm : callable or None
        ``shadow_norm(d)`` is the constant that makes ``k`` integrate to one
        over ``d`` dimensions.
    label : str, optional
        How the kernel is named in sentences, titles and menus ("Gaussian");
        default: ``name``.

    Examples
    --------
    >>> from msviz.engine.kernels import get_kernel
    >>> k = get_kernel("flat")
    >>> k.weight(np.array([0.25, 1.0, 1.5])).tolist()
    [1.0, 1.0, 0.0]
    >>> k.shadow_name
    'epanechnikov'
    """

    name: str
    weight: Profile
    radius: float = 1.0
    shadow: Profile | None = None
    shadow_name: str = ""
    shadow_norm: Callable[[int], float] | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"a kernel needs a non-empty name, got {self.name!r}")
        if not callable(self.weight):
            raise TypeError(f"kernel {self.name!r}: weight must be a function g(u)")
        if not self.label:
            object.__setattr__(self, "label", self.name)

    @property
    def compact(self) -> bool:
        """Whether the weights vanish beyond ``radius`` bandwidths."""
        return math.isfinite(self.radius)

    def shadow_value(self, u: ArrayLike, d: int) -> NDArray[np.float64]:
        """Evaluate the normalised shadow kernel ``c_d k(u)`` in ``d`` dimensions."""
        if self.shadow is None or self.shadow_norm is None:
            raise ValueError(
                f"kernel {self.name!r} has no known shadow density; pass a named kernel "
                f"({_names()}) or a msviz.Kernel with shadow= and shadow_norm= to "
                "evaluate densities"
            )
        return self.shadow_norm(d) * self.shadow(np.asarray(u, dtype=np.float64))

    def __repr__(self) -> str:
        return f"Kernel({self.name!r})"


#: Every kernel known by name. Menus, command-line choices, exercise labels and
#: messages all list this table, so :func:`register_kernel` adds a kernel everywhere.
KERNELS: dict[str, Kernel] = {
    "flat": Kernel(
        "flat", _flat, 1.0, _epanechnikov, "epanechnikov", _epanechnikov_norm, label="flat"
    ),
    "epanechnikov": Kernel(
        "epanechnikov", _epanechnikov, 1.0, _biweight, "biweight", _biweight_norm,
        label="Epanechnikov",
    ),
    "gaussian": Kernel(
        "gaussian", _gaussian, math.inf, _gaussian, "gaussian", _gaussian_norm, label="Gaussian"
    ),
}


def _names() -> str:
    return ", ".join(repr(k) for k in KERNELS)


def register_kernel(kernel: Kernel, *, replace: bool = False) -> Kernel:
    """Make ``kernel`` known by its name everywhere msviz offers kernels.

    The engine, :func:`msviz.explore`, :func:`msviz.compare`, the ``msviz gif
    --kernel`` choices and the exercises' labels all read :data:`KERNELS`.

    Parameters
    ----------
    kernel : Kernel
        The kernel; its ``name`` (lower case, no spaces) becomes its key.
    replace : bool, default=False
        Allow replacing a kernel of the same name.

    Returns
    -------
    Kernel
        The kernel registered.

    Examples
    --------
    >>> tri = Kernel("triweight", lambda u: np.clip(1 - u, 0, None) ** 2, label="triweight")
    >>> register_kernel(tri) is get_kernel("triweight")
    True
    >>> del KERNELS["triweight"]
    """
    if not isinstance(kernel, Kernel):
        raise TypeError(
            f"register_kernel takes a msviz.Kernel, got {type(kernel).__name__}; "
            "make one with msviz.Kernel(name, weight, radius, ...)"
        )
    key = kernel.name.strip().lower()
    if key != kernel.name or " " in key:
        raise ValueError(
            f"a registered kernel's name must be lower case without spaces, got {kernel.name!r}"
            "; put the display name in label="
        )
    if key in KERNELS and not replace and KERNELS[key] is not kernel:
        raise ValueError(f"a kernel named {key!r} exists already; pass replace=True to replace it")
    KERNELS[key] = kernel
    return kernel


def get_kernel(kernel: str | Kernel | Callable[..., ArrayLike]) -> Kernel:
    """Return the :class:`Kernel` for a name, a Kernel, or a weighting function.

    Parameters
    ----------
    kernel : str, Kernel or callable
        A name from :data:`KERNELS` ("flat", "epanechnikov", "gaussian", or one
        added with :func:`register_kernel`).
        A callable ``g(u) -> weights`` becomes a kernel without a known shadow
        and with unbounded support.

    Returns
    -------
    Kernel

    Examples
    --------
    >>> get_kernel("gaussian").shadow_name
    'gaussian'
    >>> get_kernel(lambda u: 1.0 / (1.0 + u)).compact
    False
    """
    if isinstance(kernel, Kernel):
        return kernel
    if isinstance(kernel, str):
        key = kernel.strip().lower()
        if key in KERNELS:
            return KERNELS[key]
        raise ValueError(
            f"unknown kernel {kernel!r}; choose one of {_names()} "
            "or pass a function g(u) of u = squared distance / bandwidth**2"
        )
    if callable(kernel):
        fn = kernel
        label = getattr(fn, "__name__", "custom")
        if label == "<lambda>":
            label = "custom"

        def weight(u: NDArray[np.float64]) -> NDArray[np.float64]:
            w = np.asarray(fn(u))
            if w.dtype.kind not in "biuf":
                raise ValueError(
                    f"kernel {label!r} returned {w.dtype} values; a kernel g(u) must return "
                    "real weights >= 0 (for complex results take abs() or .real)"
                )
            return w.astype(np.float64, copy=False)

        return Kernel(label, weight, math.inf)
    raise TypeError(
        f"kernel must be a name, a msviz.Kernel or a function g(u); got {type(kernel).__name__}"
    )
