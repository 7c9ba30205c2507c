"""A scan fed in a little askew, turned straight before it is read.

Rows of a table are told by the y of their text and the horizontal rules drawn across them: a
page turned by even half a degree moves a rule across a wide table by more than a line's height
at its other end, and rows and rules fall apart.  The skew is the angle that makes the page's
dark pixels line up best in rows: the projection of the ink onto the y axis is sharpest (its
rows' sums have the largest sum of squares) when text lines and rules run level.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_SKEW", "deskew", "skew_angle"]

#: the largest skew looked for, in degrees (a page fed askew; a page turned further is rotated)
MAX_SKEW = 3.0
#: a skew smaller than this is left alone: a rule drifts less than two pixels over 1,000 pixels
_MIN_SKEW = 0.1
#: the page is measured at about this width in pixels
_WORK_WIDTH = 800


def _sharpness(dark: Any, angle: float) -> float:
    import cv2
    import numpy as np

    h, w = dark.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(dark, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(rows).sum())


def skew_angle(gray: Any) -> float:
    """The angle in degrees (counter-clockwise, as :func:`cv2.getRotationMatrix2D` turns) that
    levels the page's text lines and rules; 0.0 for a blank page."""
    import cv2
    import numpy as np

    g = np.asarray(gray)
    scale = min(1.0, _WORK_WIDTH / g.shape[1])
    small = cv2.resize(g, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else g
    dark = (small < 160).astype(np.uint8)
    if dark.sum() < 100:
        return 0.0
    best = 0.0
    for step, span in ((0.25, MAX_SKEW), (0.05, 0.25), (0.01, 0.05)):
        centre = best
        candidates = [centre + k * step for k in range(-round(span / step), round(span / step) + 1)]
        best = max(candidates, key=lambda a: _sharpness(dark, a))
    return round(best, 2)


def deskew(image: Any) -> tuple[Any, float]:
    """``image`` (PIL) turned level, and the angle it was turned by (0.0: left as it was)."""
    import cv2
    import numpy as np
    from PIL import Image

    rgb = np.asarray(image.convert("RGB"))
    angle = skew_angle(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    if abs(angle) < _MIN_SKEW:
        return image, 0.0
    h, w = rgb.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(rgb, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
    return Image.fromarray(turned), angle
