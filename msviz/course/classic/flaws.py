"""The known flaws of the lesson's from-scratch code, each with a line that shows it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FLAWS", "Flaw"]


@dataclass(frozen=True)
class Flaw:
    """One known flaw of the lesson's from-scratch code.

    Attributes
    ----------
    key : str
        A short identifier.
    method : str
        ``"fixed_radius"``, ``"ring_weighted"`` or ``"both"``.
    title : str
        The flaw in a few words.
    detail : str
        What happens and why, in plain words.
    see_it : str
        A line of code that shows it.
    fix : str
        What the engine (or scikit-learn) does instead.

    """

    key: str
    method: str
    title: str
    detail: str
    see_it: str
    fix: str

    def __str__(self) -> str:
        return f"{self.title} ({self.method}): {self.detail} Fix: {self.fix}"


FLAWS: tuple[Flaw, ...] = (
    Flaw(
        "near_duplicates",
        "fixed_radius",
        "near-duplicate centroids",
        "Only exactly equal centroids are merged (tuples in a set), so centroids a "
        "hair apart, or a fraction of the radius apart, all survive as separate clusters.",
        "near_duplicates(fixed_radius(X, radius=1.5).cluster_centers, 1.5)",
        "merge end points closer than one bandwidth (msviz.merge_modes, scikit-learn).",
    ),
    Flaw(
        "absolute_radius",
        "fixed_radius",
        "the radius is absolute",
        "The radius is a distance in the data's units; rescale the data (metres to "
        "centimetres) and the same radius finds a different number of clusters.",
        "fixed_radius(10 * X, radius=r).n_clusters != fixed_radius(X, radius=r).n_clusters",
        "choose the bandwidth from the data (msviz.estimate_bandwidth) or scale both together.",
    ),
    Flaw(
        "no_tolerance",
        "both",
        "stops only when nothing moves at all",
        "The loop stops only when every centroid is exactly where it was, with no "
        "tolerance and no iteration cap; smooth weights may never repeat a position exactly.",
        "fixed_radius(X, radius=r).n_iter",
        "stop a point when its shift is at most tol x bandwidth, with max_iter as a cap.",
    ),
    Flaw(
        "no_memberships",
        "both",
        "no record of which sample went where",
        "Samples are labelled afterwards by the nearest centroid, not by the mode "
        "their own centroid climbed to, so non-convex basins are lost.",
        "fixed_radius(X, radius=r).labels",
        "label each sample by its basin of attraction (msviz labels='basin').",
    ),
    Flaw(
        "origin_radius",
        "ring_weighted",
        "the 'dynamic' radius depends on the origin",
        "radius = |mean(X)| / 100 measures how far the data's centre is from the "
        "origin, not how spread out the data is: shift the data by +100 and the radius "
        "grows about twenty-fold, every centroid is pulled to the same spot and the "
        "clusters vanish.",
        "ring_weighted(X + 100).n_clusters",
        "derive the bandwidth from distances between samples (estimate_bandwidth, "
        "knn_bandwidths).",
    ),
    Flaw(
        "centred_crash",
        "ring_weighted",
        "data centred on the origin crashes",
        "If the data's mean is the origin, radius = 0: every sample falls in the last "
        "ring, every weight is 0 and the weighted mean is 0 / 0.",
        "ring_weighted(X - X.mean(axis=0))  # raises ClassicError",
        "a bandwidth from distances between samples is never 0 for distinct samples.",
    ),
    Flaw(
        "both_vanish",
        "ring_weighted",
        "two close centroids remove each other",
        "After each pass every centroid marks the first other centroid within one "
        "radius and all marked centroids are deleted, so a pair marks each other and "
        "BOTH disappear: whole clusters can vanish.",
        "removal_marks([[0.0, 0.0], [0.5, 0.0]], radius=1.0)",
        "keep one centre per group: visit candidates in order and drop only those "
        "within one bandwidth of a centre already kept (msviz.merge_modes).",
    ),
    Flaw(
        "repeat_cost",
        "ring_weighted",
        "weights by copying samples",
        "Each sample is repeated (99 - k)**2 times (up to 9,801) before averaging, so "
        "every pass builds millions of rows: 120 points take tens of seconds.",
        "ring_weighted(X).copies",
        "multiply by the weights: sum(w * x) / sum(w) (np.average(X, weights=w, axis=0)).",
    ),
    Flaw(
        "not_variable_bandwidth",
        "ring_weighted",
        "not variable bandwidth",
        "Every centroid uses the same radius and the same ring weights: the kernel is "
        "fixed, only its size is set from the data's mean. Variable bandwidth "
        "(Comaniciu, Ramesh & Meer 2001) gives each sample its own bandwidth.",
        "ring_weighted(X).bandwidth  # one number",
        "msviz.run_mean_shift(X, bandwidth=msviz.knn_bandwidths(X)).",
    ),
)
