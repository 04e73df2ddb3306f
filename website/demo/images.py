"""Deterministic flat illustrations for the demo site.

``render_image`` draws a calm, modern landscape-style picture with Pillow only: a soft gradient sky,
layered rounded hills, a sun (or a moon at dusk) and a few simple shapes for the chosen scene. There
are no people and no text. The random generator is seeded from the image key, so the same key (with
the same scene and palette) always gives the same JPEG bytes. Everything is drawn at twice the size
and scaled down with LANCZOS so edges stay smooth.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SCALE = 2
JPEG_QUALITY = 82

#: Each palette is a named set of six colours that work together.
PALETTES: dict[str, dict[str, str]] = {
    "teal": {
        "sky_top": "#a9dcd9",
        "sky_bottom": "#f4f1e6",
        "sun": "#f6d38b",
        "far": "#8fc6bf",
        "near": "#2e7d76",
        "accent": "#ec8a6e",
    },
    "coral": {
        "sky_top": "#f7bfae",
        "sky_bottom": "#fdf0e6",
        "sun": "#fff0c4",
        "far": "#eba394",
        "near": "#b5524b",
        "accent": "#35688a",
    },
    "sunrise": {
        "sky_top": "#f5a66e",
        "sky_bottom": "#fde7ba",
        "sun": "#fff5da",
        "far": "#e3906f",
        "near": "#8a4a5f",
        "accent": "#3f7a8c",
    },
    "meadow": {
        "sky_top": "#b9def0",
        "sky_bottom": "#f1f7e8",
        "sun": "#ffe089",
        "far": "#a6cf8c",
        "near": "#4a8639",
        "accent": "#e06a7b",
    },
    "dusk": {
        "sky_top": "#38457a",
        "sky_bottom": "#e8a9a0",
        "sun": "#fbefd4",
        "far": "#7a6b9c",
        "near": "#2c2c52",
        "accent": "#f2b45e",
    },
    "sand": {
        "sky_top": "#cfe4ec",
        "sky_bottom": "#f8efe1",
        "sun": "#f3c678",
        "far": "#d9c4a1",
        "near": "#977652",
        "accent": "#4c8c88",
    },
}

SCENES = ("hills", "home", "garden", "seaside", "park", "kitchen", "books", "path", "kite", "tree")

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (28, 30, 44)


def _hex(value: str) -> RGB:
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _light(c: RGB, t: float) -> RGB:
    return _mix(c, WHITE, t)


def _dark(c: RGB, t: float) -> RGB:
    return _mix(c, INK, t)


class _Ridge:
    """A smooth hill line made from a few sine waves."""

    def __init__(self, rng: random.Random, w: int, base: float, amp: float):
        self.w = w
        self.base = base
        weights = (1.0, 0.35, 0.12)
        freqs = (rng.uniform(0.45, 1.0), rng.uniform(1.4, 2.4), rng.uniform(3.0, 4.6))
        self.terms = [
            (amp * wt / sum(weights), f, rng.uniform(0, math.tau))
            for wt, f in zip(weights, freqs, strict=True)
        ]

    def y_at(self, x: float) -> float:
        t = x / self.w
        return self.base - sum(a * math.sin(math.tau * f * t + p) for a, f, p in self.terms)

    def polygon(self, h: int) -> list[tuple[float, float]]:
        step = max(8, self.w // 160)
        pts = [(x, self.y_at(x)) for x in range(-step, self.w + 2 * step, step)]
        return pts + [(self.w + step, h + 10), (-step, h + 10)]


class _Canvas:
    """Drawing state shared by the scene painters."""

    def __init__(self, rng: random.Random, palette: str, w: int, h: int):
        self.rng = rng
        self.name = palette
        self.c = {k: _hex(v) for k, v in PALETTES[palette].items()}
        self.w = w
        self.h = h
        self.img = Image.new("RGB", (w, h), self.c["sky_bottom"])
        self.draw = ImageDraw.Draw(self.img)

    @property
    def night(self) -> bool:
        return self.name == "dusk"

    # -- building blocks -------------------------------------------------------------------------------
    def gradient(self, box: tuple[int, int, int, int], top: RGB, bottom: RGB, end: float = 1.0) -> None:
        x0, y0, x1, y1 = box
        height = max(1, y1 - y0)
        stop = max(1, int(height * end))
        column = Image.new("RGB", (1, height))
        column.putdata([_mix(top, bottom, min(1.0, y / stop)) for y in range(height)])
        self.img.paste(column.resize((x1 - x0, height), Image.NEAREST), (x0, y0))

    def glow(self, cx: float, cy: float, radius: float, colour: RGB, strength: float) -> None:
        """A soft round glow, blurred at low resolution so it stays fast."""
        k = 8
        mask = Image.new("L", (self.w // k + 1, self.h // k + 1), 0)
        ImageDraw.Draw(mask).ellipse(
            (cx / k - radius / k, cy / k - radius / k, cx / k + radius / k, cy / k + radius / k),
            fill=int(255 * strength),
        )
        mask = mask.filter(ImageFilter.GaussianBlur(radius / k / 2.2)).resize(
            (self.w, self.h), Image.BILINEAR
        )
        self.img.paste(Image.new("RGB", (self.w, self.h), colour), (0, 0), mask)

    def sky(self, sun: bool = True) -> None:
        self.gradient((0, 0, self.w, self.h), self.c["sky_top"], self.c["sky_bottom"], end=0.72)
        rng = self.rng
        if self.night:
            for _ in range(rng.randint(40, 60)):
                x, y = rng.uniform(0, self.w), rng.uniform(0, self.h * 0.45)
                r = rng.uniform(1.5, 3.5) * SCALE
                self.draw.ellipse((x - r, y - r, x + r, y + r), fill=_light(self.c["sky_top"], 0.75))
        if sun:
            r = self.h * rng.uniform(0.06, 0.085)
            cx = self.w * rng.choice((rng.uniform(0.14, 0.3), rng.uniform(0.7, 0.86)))
            cy = self.h * rng.uniform(0.17, 0.3)
            self.sun_pos = (cx, cy, r)
            self.glow(cx, cy, r * 2.6, _light(self.c["sun"], 0.3), 0.45)
            self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=self.c["sun"])
            if self.night:  # a few soft craters make it read as a moon
                for dx, dy, s in ((-0.3, -0.2, 0.18), (0.25, 0.15, 0.13), (-0.05, 0.4, 0.1)):
                    q = r * s
                    self.draw.ellipse(
                        (cx + dx * r - q, cy + dy * r - q, cx + dx * r + q, cy + dy * r + q),
                        fill=_dark(self.c["sun"], 0.08),
                    )
        for _ in range(self.rng.randint(2, 4)):
            self.cloud(
                self.w * rng.uniform(0.05, 0.85),
                self.h * rng.uniform(0.08, 0.38),
                self.w * rng.uniform(0.1, 0.17),
            )

    def cloud(self, x: float, y: float, width: float) -> None:
        ch = width * 0.26
        colour = _mix(self.c["sky_top"], WHITE, 0.3 if self.night else 0.65)
        d = self.draw
        d.rounded_rectangle((x, y, x + width, y + ch), radius=ch / 2, fill=colour)
        for fx, fr in ((0.3, 0.42), (0.55, 0.55), (0.75, 0.35)):
            r = width * fr * 0.45
            cx = x + width * fx
            d.ellipse((cx - r, y + ch * 0.6 - r * 1.6, cx + r, y + ch * 0.6 + r * 0.4), fill=colour)

    def hills(self, bases: tuple[float, ...], amps: tuple[float, ...]) -> list[_Ridge]:
        ridges = []
        n = len(bases)
        for i, (b, a) in enumerate(zip(bases, amps, strict=True)):
            t = i / max(1, n - 1)
            colour = _mix(self.c["far"], self.c["near"], t)
            colour = _mix(colour, self.c["sky_bottom"], 0.4 * (1 - t) ** 1.5)
            ridge = _Ridge(self.rng, self.w, self.h * b, self.h * a)
            self.draw.polygon(ridge.polygon(self.h), fill=colour)
            ridge.colour = colour
            ridges.append(ridge)
        return ridges

    def round_tree(self, x: float, ground: float, size: float, shade: float = 0.0) -> None:
        d = self.draw
        trunk = _dark(_mix(self.c["near"], self.c["accent"], 0.25), 0.45)
        leaf = _mix(self.c["near"], self.c["far"], 0.25 + shade)
        tw = size * 0.13
        d.rounded_rectangle(
            (x - tw / 2, ground - size * 1.0, x + tw / 2, ground + size * 0.05), radius=tw / 2, fill=trunk
        )
        r = size * 0.5
        cy = ground - size * 1.15
        d.ellipse((x - r, cy - r, x + r, cy + r), fill=leaf)
        q = r * 0.55
        d.ellipse(
            (x - r * 0.45 - q * 0.4, cy - r * 0.5 - q * 0.4, x - r * 0.45 + q, cy - r * 0.5 + q),
            fill=_light(leaf, 0.18),
        )

    def tall_tree(self, x: float, ground: float, size: float) -> None:
        d = self.draw
        trunk = _dark(_mix(self.c["near"], self.c["accent"], 0.25), 0.45)
        leaf = _dark(self.c["near"], 0.1)
        tw = size * 0.1
        d.rectangle((x - tw / 2, ground - size * 0.5, x + tw / 2, ground + size * 0.05), fill=trunk)
        d.ellipse((x - size * 0.28, ground - size * 1.55, x + size * 0.28, ground - size * 0.35), fill=leaf)

    def path(
        self, vx: float, vy: float, near_w: float, sway: float, start_x: float
    ) -> list[tuple[float, float, float]]:
        """A winding path drawn in perspective. Returns (x, y, scale) samples for placing things beside it."""
        rng = self.rng
        freq, phase = rng.uniform(0.55, 0.8), rng.uniform(0, math.tau)
        depth = self.h * 1.04 - vy
        left, right, samples = [], [], []
        zs = [1 + i * 0.12 for i in range(0, 140)]
        base_off = math.sin(freq + phase)
        for z in zs:
            s = 1 / z
            xw = sway * (math.sin(freq * z + phase) - base_off) + (start_x - vx)
            cx = vx + xw * s
            cy = vy + depth * s
            half = near_w * s / 2
            left.append((cx - half, cy))
            right.append((cx + half, cy))
            samples.append((cx, cy, s))
        colour = _mix(self.c["sky_bottom"], self.c["sun"], 0.35)
        self.draw.polygon(left + right[::-1], fill=colour)
        edge = _mix(colour, self.c["near"], 0.25)
        self.draw.line(left, fill=edge, width=int(3 * SCALE), joint="curve")
        self.draw.line(right, fill=edge, width=int(3 * SCALE), joint="curve")
        return samples

    def tufts(self, y0: float, y1: float, count: int, colour: RGB) -> None:
        """Little clumps of grass: three thin blades fanning out from one point."""
        for _ in range(count):
            x, y = self.rng.uniform(0, self.w), self.rng.uniform(y0, y1)
            s = self.h * 0.022 * (0.6 + (y - y0) / max(1, y1 - y0))
            bw = s * 0.12
            for ang, length in ((-0.5, 0.75), (0.0, 1.0), (0.45, 0.8)):
                tip = (x + math.sin(ang) * s * length, y - math.cos(ang) * s * length)
                self.draw.polygon([(x - bw, y), tip, (x + bw, y)], fill=colour)

    def landscape_inset(self, size: tuple[int, int]) -> Image.Image:
        """A small view of sky and hills, used in windows and picture frames."""
        inner = _Canvas(random.Random(self.rng.random()), self.name, size[0], size[1])
        inner.sky()
        inner.hills((0.62, 0.74, 0.88), (0.08, 0.06, 0.05))
        return inner.img


# -- scenes ---------------------------------------------------------------------------------------------


def _scene_hills(cv: _Canvas) -> None:
    cv.sky()
    cv.hills((0.5, 0.6, 0.7, 0.8, 0.92), (0.07, 0.06, 0.05, 0.05, 0.04))


def _scene_home(cv: _Canvas) -> None:
    cv.sky()
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    near = cv.hills((0.56, 0.67, 0.8), (0.06, 0.05, 0.03))[-1]
    hw = w * 0.22
    hx = w * rng.uniform(0.4, 0.52)
    base = max(near.y_at(x) for x in (hx, hx + hw / 2, hx + hw)) + h * 0.04
    hh = hw * 0.62
    top = base - hh
    wall = _mix(c["sky_bottom"], WHITE, 0.45)
    roof = _dark(c["accent"], 0.15)
    cv.round_tree(hx - w * 0.09, base - h * 0.01, h * 0.22, shade=0.1)
    d.rectangle((hx + hw * 0.68, top - hw * 0.36, hx + hw * 0.8, top - hw * 0.1), fill=_dark(roof, 0.15))
    d.rounded_rectangle((hx, top, hx + hw, base), radius=hw * 0.03, fill=wall)
    ov = hw * 0.07
    d.polygon(
        [(hx - ov, top + hw * 0.02), (hx + hw / 2, top - hw * 0.42), (hx + hw + ov, top + hw * 0.02)],
        fill=roof,
    )
    lit = _light(c["sun"], 0.15) if not cv.night else c["sun"]
    wx0, wy0, ws = hx + hw * 0.12, top + hh * 0.22, hw * 0.28
    cv.glow(wx0 + ws / 2, wy0 + ws * 0.4, ws * 1.2, _light(c["sun"], 0.2), 0.35 if cv.night else 0.15)
    d.rounded_rectangle(
        (wx0, wy0, wx0 + ws, wy0 + ws * 0.8),
        radius=ws * 0.08,
        fill=lit,
        outline=_dark(wall, 0.2),
        width=int(4 * SCALE),
    )
    d.line((wx0 + ws / 2, wy0, wx0 + ws / 2, wy0 + ws * 0.8), fill=_dark(wall, 0.2), width=int(4 * SCALE))
    d.line((wx0, wy0 + ws * 0.4, wx0 + ws, wy0 + ws * 0.4), fill=_dark(wall, 0.2), width=int(4 * SCALE))
    # the round attic window
    r = hw * 0.055
    d.ellipse((hx + hw / 2 - r, top - hw * 0.17 - r, hx + hw / 2 + r, top - hw * 0.17 + r), fill=lit)
    dx0, dw = hx + hw * 0.6, hw * 0.2
    door = c["accent"] if cv.name != "coral" else _dark(c["accent"], 0.1)
    d.rounded_rectangle(
        (dx0, base - hh * 0.62, dx0 + dw, base),
        radius=dw / 2,
        fill=_dark(door, 0.2),
        corners=(True, True, False, False),
    )
    kr = dw * 0.06
    d.ellipse(
        (dx0 + dw * 0.75 - kr, base - hh * 0.3 - kr, dx0 + dw * 0.75 + kr, base - hh * 0.3 + kr),
        fill=c["sun"],
    )
    front = _Ridge(rng, w, h * 0.95, h * 0.02)
    d.polygon(front.polygon(h), fill=_dark(c["near"], 0.12))
    pc = _mix(c["sky_bottom"], c["sun"], 0.35)
    d.polygon([(dx0, base), (dx0 + dw, base), (dx0 + dw + w * 0.08, h), (dx0 - w * 0.06, h)], fill=pc)
    for bx in (hx - w * 0.02, hx + hw * 0.08, hx + hw * 1.02):  # bushes along the front of the house
        bs = h * 0.045
        leaf = _mix(c["near"], c["far"], 0.3)
        d.ellipse((bx - bs * 1.3, base - bs * 1.3, bx + bs * 1.3, base + bs * 0.4), fill=leaf)
        d.ellipse((bx - bs * 0.8, base - bs * 1.15, bx, base - bs * 0.5), fill=_light(leaf, 0.18))


def _scene_garden(cv: _Canvas) -> None:
    cv.sky()
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    lawn = cv.hills((0.58, 0.68, 0.74), (0.06, 0.04, 0.015))[-1]
    picket = _mix(c["sky_bottom"], WHITE, 0.5)
    pw = w * 0.018
    rail = []
    for i in range(int(w / (pw * 2.2)) + 2):
        x = i * pw * 2.2
        y = lawn.y_at(x)
        d.rounded_rectangle(
            (x, y - h * 0.075, x + pw, y + h * 0.01),
            radius=pw / 2,
            fill=picket,
            corners=(True, True, False, False),
        )
        rail.append((x + pw / 2, y - h * 0.045))
    d.line(rail, fill=picket, width=int(5 * SCALE), joint="curve")
    # the bench
    bx, by, bw = w * rng.uniform(0.5, 0.64), h * 0.82, w * 0.22
    wood = _dark(_mix(c["accent"], c["near"], 0.35), 0.2)
    for lx in (bx + bw * 0.08, bx + bw * 0.86):
        d.rounded_rectangle(
            (lx, by - h * 0.01, lx + bw * 0.05, by + h * 0.08), radius=4 * SCALE, fill=_dark(wood, 0.3)
        )
    for k in range(3):
        y = by - h * 0.13 + k * h * 0.035
        d.rounded_rectangle((bx, y, bx + bw, y + h * 0.022), radius=h * 0.011, fill=wood)
    d.rounded_rectangle(
        (bx - bw * 0.03, by, bx + bw * 1.03, by + h * 0.03), radius=h * 0.015, fill=_light(wood, 0.1)
    )
    # flowers, back to front
    flowers = sorted((rng.uniform(-0.02, 1.02) * w, rng.uniform(0.8, 1.0) * h) for _ in range(34))
    flowers.sort(key=lambda p: p[1])
    petal_colours = [c["accent"], c["sun"], _light(c["accent"], 0.45), _mix(c["sky_top"], WHITE, 0.3)]
    for x, y in flowers:
        if bx - w * 0.02 < x < bx + bw * 1.05 and y < by + h * 0.1:
            continue
        s = h * 0.018 * (0.7 + (y - h * 0.8) / (h * 0.2))
        stem = _dark(c["near"], 0.1)
        d.line((x, y, x, y + s * 5), fill=stem, width=int(max(2, s * 0.28)))
        d.ellipse((x, y + s * 2, x + s * 1.6, y + s * 2.7), fill=stem)
        pc = rng.choice(petal_colours)
        for a in range(5):
            ang = a * math.tau / 5 + rng.uniform(0, 0.3)
            px, py = x + math.cos(ang) * s * 0.9, y + math.sin(ang) * s * 0.9
            d.ellipse((px - s * 0.7, py - s * 0.7, px + s * 0.7, py + s * 0.7), fill=pc)
        d.ellipse((x - s * 0.45, y - s * 0.45, x + s * 0.45, y + s * 0.45), fill=_dark(c["sun"], 0.25))


def _scene_seaside(cv: _Canvas) -> None:
    cv.sky()
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    horizon = int(h * 0.58)
    side = rng.choice((0, 1))
    wobble = rng.uniform(0, math.tau)
    pts = []
    for i in range(41):  # a headland that slopes gently down into the sea
        t = i / 40
        x = w * (0.55 + 0.47 * t) if side else w * (0.45 - 0.47 * t)
        rise = math.sin(t * math.pi * 0.62) ** 0.7 * (1 + 0.06 * math.sin(t * 9 + wobble))
        pts.append((x, horizon - h * 0.13 * rise))
    d.polygon(
        pts + [(pts[-1][0], horizon + 2), (pts[0][0], horizon + 2)],
        fill=_mix(c["far"], c["sky_bottom"], 0.25),
    )
    sea_top = _mix(c["sky_top"], c["near"], 0.25)
    cv.gradient((0, horizon, w, h), sea_top, _mix(c["sky_top"], c["near"], 0.5))
    sx, _, sr = cv.sun_pos
    for k in range(6):  # the sun's sparkle on the water
        y = horizon + h * 0.02 + k * h * 0.025
        half = sr * (1.1 - k * 0.13)
        d.rounded_rectangle(
            (sx - half, y, sx + half, y + h * 0.007), radius=h * 0.0035, fill=_light(c["sun"], 0.2)
        )
    wave = _light(sea_top, 0.35)
    for _ in range(26):
        x, y = rng.uniform(0, w), rng.uniform(horizon + h * 0.03, h * 0.76)
        s = w * 0.018 * (0.5 + (y - horizon) / (h * 0.2))
        d.arc((x, y, x + s, y + s * 0.5), 200, 340, fill=wave, width=int(3 * SCALE))
    # a little sailing boat
    bx, by = w * rng.uniform(0.2, 0.4) if side else w * rng.uniform(0.6, 0.8), horizon + h * 0.045
    d.chord((bx - w * 0.04, by - h * 0.03, bx + w * 0.04, by + h * 0.03), 0, 180, fill=_dark(c["near"], 0.2))
    d.polygon([(bx, by - h * 0.15), (bx, by - h * 0.01), (bx + w * 0.035, by - h * 0.01)], fill=WHITE)
    d.polygon(
        [(bx - w * 0.004, by - h * 0.12), (bx - w * 0.004, by - h * 0.01), (bx - w * 0.03, by - h * 0.01)],
        fill=c["accent"],
    )
    sand = _mix(_mix(c["sun"], c["sky_bottom"], 0.5), (232, 208, 160), 0.5)
    beach = _Ridge(rng, w, h * 0.79, h * 0.025)
    d.polygon(beach.polygon(h), fill=sand)
    d.line(
        [(x, beach.y_at(x)) for x in range(0, w + 20, 20)], fill=_light(sea_top, 0.55), width=int(5 * SCALE)
    )
    hut_colours = [
        c["accent"],
        _light(c["far"], 0.15),
        c["sun"],
        _light(c["near"], 0.35),
        _mix(c["sky_top"], WHITE, 0.2),
    ]
    n = 6
    hw = w * 0.075
    gap = w * 0.025
    x0 = w * rng.uniform(0.06, 0.2)
    for i in range(n):
        x = x0 + i * (hw + gap)
        y = max(beach.y_at(x), beach.y_at(x + hw)) + h * 0.08
        body = hut_colours[i % len(hut_colours)]
        d.rectangle((x, y - hw * 1.2, x + hw, y), fill=body)
        if i % 2 == 0:
            for sxx in range(1, 5):
                lx = x + hw * sxx / 5
                d.line((lx, y - hw * 1.2, lx, y), fill=_light(body, 0.35), width=int(4 * SCALE))
        d.polygon(
            [(x - hw * 0.1, y - hw * 1.18), (x + hw / 2, y - hw * 1.62), (x + hw * 1.1, y - hw * 1.18)],
            fill=_dark(body, 0.3),
        )
        d.rounded_rectangle(
            (x + hw * 0.3, y - hw * 0.8, x + hw * 0.7, y),
            radius=hw * 0.08,
            fill=_dark(body, 0.18),
            corners=(True, True, False, False),
        )
        d.rectangle((x - hw * 0.06, y, x + hw * 1.06, y + h * 0.012), fill=_dark(sand, 0.2))
    cv.tufts(h * 0.9, h * 0.99, 14, _dark(sand, 0.3))


def _scene_park(cv: _Canvas) -> None:
    cv.sky()
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    ground = cv.hills((0.52, 0.6, 0.66), (0.06, 0.04, 0.012))[-1]
    vx = w * rng.uniform(0.4, 0.6)
    vy = ground.y_at(vx) + h * 0.015
    # a round pond off to one side
    px = w * rng.choice((0.15, 0.78))
    d.ellipse((px - w * 0.13, h * 0.74, px + w * 0.13, h * 0.84), fill=_mix(c["sky_top"], c["near"], 0.25))
    d.ellipse((px - w * 0.09, h * 0.765, px + w * 0.05, h * 0.79), fill=_light(c["sky_top"], 0.3))
    samples = cv.path(vx, vy, w * 0.34, w * 0.9, w * 0.5)
    trees = []
    for i in range(3, len(samples), 9):
        x, y, s = samples[i]
        for sidev in (-1, 1):
            if rng.random() < 0.7:
                trees.append((y, x + sidev * w * rng.uniform(0.28, 0.6) * s * 1.2, s))
    for y, x, s in sorted(trees):
        size = h * 0.42 * s
        if abs(x - px) < w * 0.14 and y > h * 0.7:
            continue
        if rng.random() < 0.75:
            cv.round_tree(x, y, size, shade=rng.uniform(-0.1, 0.3))
        else:
            cv.tall_tree(x, y, size)
    cv.tufts(h * 0.88, h, 10, _dark(c["near"], 0.15))


def _scene_path(cv: _Canvas) -> None:
    cv.sky()
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    ridges = cv.hills((0.42, 0.5, 0.58), (0.08, 0.07, 0.02))
    ground = ridges[-1]
    vx = w * rng.uniform(0.42, 0.58)
    vy = ground.y_at(vx) + h * 0.012
    near_w = w * 0.2
    samples = cv.path(vx, vy, near_w, w * 0.7, w * rng.uniform(0.42, 0.55))
    post = _dark(_mix(c["near"], c["accent"], 0.25), 0.35)
    side = rng.choice((-1, 1))
    tops = []
    for i in range(len(samples) - 1, -1, -4):  # fence posts, far to near
        x, y, s = samples[i]
        if s < 0.13:
            continue
        fx = x + side * (near_w / 2 + w * 0.06) * s
        ph = h * 0.16 * s
        pw = max(2.0, w * 0.008 * s)
        d.rounded_rectangle((fx - pw, y - ph, fx + pw, y), radius=pw, fill=post)
        tops.append((fx, y - ph * 0.85))
    if len(tops) > 1:
        d.line(tops, fill=post, width=int(max(2, 3 * SCALE)), joint="curve")
    for i in range(len(samples) - 1, -1, -15):  # bushes on the other side
        x, y, s = samples[i]
        if s < 0.1:
            continue
        bx = x - side * (near_w / 2 + w * rng.uniform(0.1, 0.3)) * s
        bs = h * 0.13 * s
        leaf = _mix(c["far"], c["near"], rng.uniform(0.35, 0.55))
        d.ellipse((bx - bs * 1.3, y - bs * 1.1, bx + bs * 1.3, y + bs * 0.2), fill=leaf)
        d.ellipse((bx - bs * 0.8, y - bs * 1.0, bx + bs * 0.1, y - bs * 0.4), fill=_light(leaf, 0.15))
    for _ in range(2):
        x = vx - side * w * rng.uniform(0.2, 0.4)
        cv.round_tree(x, ridges[1].y_at(x) + h * 0.02, h * 0.1, shade=0.25)


def _scene_kite(cv: _Canvas) -> None:
    cv.sky()
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    sun_x = cv.sun_pos[0]
    near = cv.hills((0.66, 0.76, 0.88), (0.06, 0.05, 0.04))[-1]
    kx = w * (0.62 if sun_x < w / 2 else 0.38) + w * rng.uniform(-0.05, 0.05)
    ky = h * rng.uniform(0.26, 0.32)
    s = w * 0.075
    ang = math.radians(rng.uniform(-18, 18))

    def rot(px: float, py: float) -> tuple[float, float]:
        return (kx + px * math.cos(ang) - py * math.sin(ang), ky + px * math.sin(ang) + py * math.cos(ang))

    top, right, bottom, left, mid = (
        rot(0, -s * 1.1),
        rot(s * 0.75, -s * 0.25),
        rot(0, s * 1.3),
        rot(-s * 0.75, -s * 0.25),
        rot(0, -s * 0.25),
    )
    a, b = c["accent"], c["sun"] if not cv.night else _light(c["accent"], 0.5)
    d.polygon([top, right, mid], fill=a)
    d.polygon([right, bottom, mid], fill=b)
    d.polygon([bottom, left, mid], fill=a)
    d.polygon([left, top, mid], fill=b)
    spar = _dark(c["accent"], 0.45)
    d.line((top, bottom), fill=spar, width=int(3 * SCALE))
    d.line((left, right), fill=spar, width=int(3 * SCALE))
    tail = []
    for i in range(60):
        t = i / 59
        tail.append(
            (bottom[0] - t * w * 0.1 + math.sin(t * math.tau * 1.5) * w * 0.02, bottom[1] + t * h * 0.22)
        )
    d.line(tail, fill=spar, width=int(2 * SCALE), joint="curve")
    for i in (12, 27, 42, 57):
        x, y = tail[i]
        q = w * 0.011
        d.polygon([(x, y), (x - q, y - q * 0.7), (x - q, y + q * 0.7)], fill=c["accent"])
        d.polygon([(x, y), (x + q, y - q * 0.7), (x + q, y + q * 0.7)], fill=c["accent"])
    gx = w * (0.2 if kx > w / 2 else 0.8)
    gy = near.y_at(gx) + h * 0.005
    string = []
    for i in range(50):  # a gently sagging string
        t = i / 49
        x = mid[0] + (gx - mid[0]) * t
        y = mid[1] + (gy - mid[1]) * t + math.sin(t * math.pi) * h * 0.06
        string.append((x, y))
    d.line(string, fill=_light(INK, 0.3) if not cv.night else _light(c["sky_top"], 0.6), width=int(2 * SCALE))
    d.ellipse((gx - w * 0.006, gy - w * 0.006, gx + w * 0.006, gy + w * 0.006), fill=_dark(c["near"], 0.3))
    cv.tufts(h * 0.9, h, 16, _dark(c["near"], 0.15))


def _scene_tree(cv: _Canvas) -> None:
    cv.sky()
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    near = cv.hills((0.6, 0.7, 0.83), (0.05, 0.04, 0.025))[-1]
    flip = rng.choice((-1, 1))
    tx = w * (0.34 if flip == 1 else 0.66)
    gy = near.y_at(tx) + h * 0.03
    bark = _dark(_mix(c["near"], c["accent"], 0.3), 0.45)
    d.ellipse((tx - w * 0.16, gy - h * 0.02, tx + w * 0.2, gy + h * 0.035), fill=_dark(near.colour, 0.12))
    tw = w * 0.035
    d.polygon(
        [(tx - tw, gy), (tx - tw * 0.55, h * 0.36), (tx + tw * 0.55, h * 0.36), (tx + tw, gy)], fill=bark
    )
    by = h * 0.47
    bl = w * 0.24
    d.polygon(
        [
            (tx, by - h * 0.015),
            (tx + flip * bl, by - h * 0.045),
            (tx + flip * bl, by - h * 0.025),
            (tx, by + h * 0.03),
        ],
        fill=bark,
    )
    leaf = _mix(c["near"], c["far"], 0.2)
    light = _light(leaf, 0.16)
    blobs = [
        (tx + flip * rng.uniform(-0.14, 0.24) * w, h * rng.uniform(0.16, 0.36), w * rng.uniform(0.07, 0.11))
        for _ in range(14)
    ]
    for x, y, r in blobs:
        d.ellipse((x - r, y - r, x + r, y + r), fill=leaf)
    for x, y, r in blobs[:6]:
        q = r * 0.6
        d.ellipse((x - q - r * 0.2, y - q - r * 0.25, x + q - r * 0.2, y + q - r * 0.25), fill=light)
    # the swing
    sx = tx + flip * bl * 0.72
    top_y = by - h * 0.04
    seat_y = gy - h * 0.1
    rope = _light(bark, 0.55)
    for dx in (-w * 0.03, w * 0.03):
        d.line((sx + dx, top_y, sx + dx, seat_y), fill=rope, width=int(3 * SCALE))
    d.rounded_rectangle(
        (sx - w * 0.045, seat_y - h * 0.006, sx + w * 0.045, seat_y + h * 0.018),
        radius=h * 0.01,
        fill=c["accent"],
    )
    cv.tufts(h * 0.88, h, 14, _dark(c["near"], 0.15))


def _scene_kitchen(cv: _Canvas) -> None:
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    wall = _mix(c["sky_bottom"], c["far"], 0.18)
    cv.gradient((0, 0, w, h), _light(wall, 0.2), _dark(wall, 0.05))
    frame = _mix(c["sky_bottom"], WHITE, 0.6)
    wx0, wy0, wx1, wy1 = int(w * 0.12), int(h * 0.1), int(w * 0.52), int(h * 0.55)
    d.rounded_rectangle(
        (wx0 - 16 * SCALE, wy0 - 16 * SCALE, wx1 + 16 * SCALE, wy1 + 16 * SCALE),
        radius=20 * SCALE,
        fill=frame,
    )
    cv.img.paste(cv.landscape_inset((wx1 - wx0, wy1 - wy0)), (wx0, wy0))
    d.line((wx0 + (wx1 - wx0) / 2, wy0, wx0 + (wx1 - wx0) / 2, wy1), fill=frame, width=12 * SCALE)
    d.line((wx0, wy0 + (wy1 - wy0) / 2, wx1, wy0 + (wy1 - wy0) / 2), fill=frame, width=12 * SCALE)
    d.rounded_rectangle(
        (wx0 - w * 0.03, wy1 + 10 * SCALE, wx1 + w * 0.03, wy1 + h * 0.045),
        radius=8 * SCALE,
        fill=_dark(frame, 0.08),
    )
    # a pot plant on the sill
    px, py = wx1 - w * 0.06, wy1 + 10 * SCALE
    leaf = c["near"]
    for a in (-50, -20, 10, 40):
        ang = math.radians(a - 90)
        ex, ey = px + math.cos(ang) * h * 0.09, py - h * 0.05 + math.sin(ang) * h * 0.09
        d.line((px, py - h * 0.04, ex, ey), fill=leaf, width=int(5 * SCALE))
        d.ellipse((ex - h * 0.025, ey - h * 0.018, ex + h * 0.025, ey + h * 0.018), fill=leaf)
    d.polygon(
        [
            (px - w * 0.03, py - h * 0.06),
            (px + w * 0.03, py - h * 0.06),
            (px + w * 0.022, py),
            (px - w * 0.022, py),
        ],
        fill=c["accent"],
    )
    # pendant lamp
    lx = w * 0.76
    d.line((lx, 0, lx, h * 0.2), fill=_dark(wall, 0.4), width=int(3 * SCALE))
    cv.glow(lx, h * 0.27, h * 0.18, _light(c["sun"], 0.3), 0.5)
    d.chord((lx - w * 0.07, h * 0.18, lx + w * 0.07, h * 0.34), 180, 360, fill=c["accent"])
    d.ellipse((lx - w * 0.02, h * 0.24, lx + w * 0.02, h * 0.28), fill=c["sun"])
    # shelf with jars
    sy = h * 0.4
    d.rounded_rectangle((w * 0.62, sy, w * 0.92, sy + h * 0.02), radius=6 * SCALE, fill=_dark(wall, 0.25))
    for i, jc in enumerate((c["far"], c["sun"], c["sky_top"], c["accent"])):
        jx = w * 0.64 + i * w * 0.07
        jh = h * rng.uniform(0.07, 0.11)
        d.rounded_rectangle((jx, sy - jh, jx + w * 0.045, sy), radius=w * 0.01, fill=_light(jc, 0.15))
        d.rounded_rectangle(
            (jx - w * 0.003, sy - jh - h * 0.015, jx + w * 0.048, sy - jh + h * 0.005),
            radius=w * 0.004,
            fill=_dark(jc, 0.25),
        )
    # the table
    d.rectangle((0, h * 0.9, w, h), fill=_dark(wall, 0.18))
    wood = _dark(_mix(c["accent"], c["near"], 0.4), 0.15)
    ty = h * 0.77
    for lx2 in (w * 0.1, w * 0.86):
        d.rectangle((lx2, ty, lx2 + w * 0.03, h), fill=_dark(wood, 0.25))
    d.rounded_rectangle((w * 0.04, ty, w * 0.96, ty + h * 0.045), radius=h * 0.02, fill=wood)
    d.rectangle((w * 0.04, ty + h * 0.03, w * 0.96, ty + h * 0.07), fill=_dark(wood, 0.15))
    mug_colours = [c["accent"], _mix(c["sky_top"], c["near"], 0.3), c["sun"]]
    for i, mc in enumerate(mug_colours):
        mx = w * (0.22 + i * 0.13) + rng.uniform(-0.01, 0.01) * w
        mw, mh = w * 0.055, h * 0.11
        hr = mh * 0.28
        d.ellipse(
            (mx + mw - hr, ty - mh * 0.75 - hr, mx + mw + hr, ty - mh * 0.75 + hr),
            outline=_dark(mc, 0.15),
            width=int(6 * SCALE),
        )
        d.rounded_rectangle((mx, ty - mh, mx + mw, ty), radius=mw * 0.18, fill=mc)
        steam = _light(wall, 0.6)
        for k in (0.3, 0.65):
            pts = [
                (mx + mw * k + math.sin(t / 6) * mw * 0.12, ty - mh - h * 0.01 - t * h * 0.0025)
                for t in range(24)
            ]
            d.line(pts, fill=steam, width=int(3 * SCALE), joint="curve")
    # fruit bowl
    fx = w * 0.7
    for k, fc in enumerate((c["sun"], c["accent"], _light(c["near"], 0.25), c["sun"])):
        r = h * 0.035
        cx = fx - w * 0.035 + k * w * 0.025
        cy = ty - h * 0.06 - (k % 2) * h * 0.02
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fc)
    d.chord((fx - w * 0.08, ty - h * 0.12, fx + w * 0.08, ty + h * 0.005), 0, 180, fill=_light(c["far"], 0.3))


def _scene_books(cv: _Canvas) -> None:
    w, h, d, c, rng = cv.w, cv.h, cv.draw, cv.c, cv.rng
    wall = _mix(c["sky_bottom"], c["far"], 0.2)
    cv.gradient((0, 0, w, h), _light(wall, 0.2), _dark(wall, 0.08))
    d.rectangle((0, h * 0.86, w, h), fill=_dark(wall, 0.2))
    d.ellipse((w * 0.1, h * 0.9, w * 0.9, h * 1.05), fill=_mix(c["accent"], wall, 0.45))
    wood = _dark(_mix(c["accent"], c["near"], 0.4), 0.2)
    x0, y0, x1, y1 = w * 0.07, h * 0.1, w * 0.58, h * 0.88
    d.rounded_rectangle((x0, y0, x1, y1), radius=12 * SCALE, fill=wood)
    inner = _dark(wood, 0.25)
    pad = w * 0.015
    rows = 3
    row_h = (y1 - y0 - pad * (rows + 1)) / rows
    book_colours = [
        c["accent"],
        c["near"],
        c["far"],
        c["sun"],
        _mix(c["sky_top"], c["near"], 0.3),
        _light(c["accent"], 0.35),
        _light(c["near"], 0.3),
    ]
    for r in range(rows):
        ry0 = y0 + pad + r * (row_h + pad)
        ry1 = ry0 + row_h
        d.rectangle((x0 + pad, ry0, x1 - pad, ry1), fill=inner)
        x = x0 + pad * 1.5
        while x < x1 - pad * 2.5:
            roll = rng.random()
            if roll < 0.08 and x < x1 - pad - w * 0.08:  # a small stack lying flat
                sw = w * rng.uniform(0.06, 0.08)
                yy = ry1
                for _ in range(rng.randint(2, 4)):
                    bh = row_h * rng.uniform(0.08, 0.12)
                    d.rounded_rectangle(
                        (x, yy - bh, x + sw * rng.uniform(0.85, 1), yy),
                        radius=4 * SCALE,
                        fill=rng.choice(book_colours),
                    )
                    yy -= bh
                x += sw + pad * 0.6
                continue
            if roll < 0.13 and x < x1 - pad - w * 0.05:  # a small plant
                pr = row_h * 0.16
                d.ellipse((x, ry1 - row_h * 0.55, x + pr * 2.4, ry1 - row_h * 0.2), fill=c["near"])
                d.rounded_rectangle(
                    (x + pr * 0.3, ry1 - row_h * 0.28, x + pr * 2.1, ry1), radius=6 * SCALE, fill=c["accent"]
                )
                x += pr * 2.4 + pad
                continue
            bw = w * rng.uniform(0.016, 0.03)
            if x + bw > x1 - pad * 1.5:
                break
            bh = row_h * rng.uniform(0.62, 0.92)
            col = rng.choice(book_colours)
            d.rounded_rectangle((x, ry1 - bh, x + bw, ry1), radius=3 * SCALE, fill=col)
            d.rectangle((x, ry1 - bh * 0.8, x + bw, ry1 - bh * 0.74), fill=_light(col, 0.35))
            x += bw + w * 0.002
    # picture with a small landscape
    fx0, fy0, fw, fh = int(w * 0.66), int(h * 0.14), int(w * 0.22), int(h * 0.22)
    d.rounded_rectangle(
        (fx0 - 14 * SCALE, fy0 - 14 * SCALE, fx0 + fw + 14 * SCALE, fy0 + fh + 14 * SCALE),
        radius=6 * SCALE,
        fill=wood,
    )
    cv.img.paste(cv.landscape_inset((fw, fh)), (fx0, fy0))
    # armchair
    ac = _mix(c["near"], c["sky_top"], 0.2)
    ax, ay = w * 0.66, h * 0.58
    d.rounded_rectangle((ax, ay, ax + w * 0.24, ay + h * 0.22), radius=w * 0.03, fill=_dark(ac, 0.1))
    d.rounded_rectangle(
        (ax - w * 0.02, ay + h * 0.12, ax + w * 0.26, ay + h * 0.27), radius=w * 0.02, fill=ac
    )
    d.rounded_rectangle(
        (ax - w * 0.035, ay + h * 0.08, ax + w * 0.025, ay + h * 0.27), radius=w * 0.02, fill=_dark(ac, 0.05)
    )
    d.rounded_rectangle(
        (ax + w * 0.215, ay + h * 0.08, ax + w * 0.275, ay + h * 0.27), radius=w * 0.02, fill=_dark(ac, 0.05)
    )
    for lx in (ax, ax + w * 0.225):
        d.rectangle((lx, ay + h * 0.27, lx + w * 0.015, ay + h * 0.3), fill=_dark(wood, 0.3))
    d.rounded_rectangle(
        (ax + w * 0.07, ay + h * 0.05, ax + w * 0.16, ay + h * 0.13), radius=w * 0.015, fill=c["accent"]
    )
    # floor lamp
    lx = w * 0.95
    cv.glow(lx, h * 0.36, h * 0.3, _light(c["sun"], 0.2), 0.55)
    d.line((lx, h * 0.38, lx, h * 0.9), fill=_dark(wood, 0.3), width=int(5 * SCALE))
    d.ellipse((lx - w * 0.035, h * 0.885, lx + w * 0.035, h * 0.91), fill=_dark(wood, 0.3))
    d.polygon(
        [
            (lx - w * 0.035, h * 0.3),
            (lx + w * 0.035, h * 0.3),
            (lx + w * 0.055, h * 0.4),
            (lx - w * 0.055, h * 0.4),
        ],
        fill=_light(c["sun"], 0.1),
    )


_PAINTERS = {
    "hills": _scene_hills,
    "home": _scene_home,
    "garden": _scene_garden,
    "seaside": _scene_seaside,
    "park": _scene_park,
    "kitchen": _scene_kitchen,
    "books": _scene_books,
    "path": _scene_path,
    "kite": _scene_kite,
    "tree": _scene_tree,
}


def render_image(key: str, *, scene: str, palette: str, width: int = 1600, height: int = 1000) -> bytes:
    """Draw the illustration for ``key`` and return it as JPEG bytes.

    The same key, scene, palette and size always give the same bytes.
    """
    if scene not in _PAINTERS:
        raise ValueError(f"Unknown scene {scene!r}; choose from {', '.join(SCENES)}")
    if palette not in PALETTES:
        raise ValueError(f"Unknown palette {palette!r}; choose from {', '.join(PALETTES)}")
    if width < 16 or height < 16:
        raise ValueError("Image is too small")
    canvas = _Canvas(random.Random(key), palette, width * SCALE, height * SCALE)
    _PAINTERS[scene](canvas)
    image = canvas.img.resize((width, height), Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
