"""PDF import benchmark: a 100-page text PDF, and OCR of scanned pages.

Run: ``.venv/bin/python benchmarks/import_pdf.py [--pages 100] [--ocr-pages 3]``.
Prints, each as a whole process including start-up:

* ``ecociv import`` of a text PDF of about 100 pages (a plan written here as a Word document —
  prose, a ruled indicator table over many pages — printed by LibreOffice), target < 10 s; beside
  it the simplest alternative, ``pdftotext -layout`` followed by ``ecociv import`` of the text,
  as a ratio;
* OCR seconds per page at 150 dpi (``ecociv import`` of pages rasterised into an image-only PDF,
  cache empty), target ≤ 15 s; then the same import again (cache filled);
* how the two cores are best used: one page at a time with onnxruntime on 2 threads (what ecociv
  does) against two pages at once on 1 thread each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "importers" / "pdf"))
ECOCIV = Path(sys.executable).parent / "ecociv"


def build_pdf(folder: Path, pages: int) -> Path:
    import docx
    from _pdfmake import add_table, to_pdf

    d = docx.Document()
    d.add_paragraph("江西省某某县生态文明建设示范县规划（2023—2030年）")
    rows_per_page = 14
    n = 0
    for chapter in range(1, pages // 4 + 1):
        d.add_paragraph(f"第{chapter}章 重点任务")
        for k in range(10):
            d.add_paragraph(
                f"（{k + 1}）推进第{chapter}-{k + 1}项生态环境治理工作，到2025年完成治理面积{chapter * 10 + k}公顷，"
                "持续改善区域生态环境质量，提升生态系统服务功能。〔责任单位：县生态环境局、县自然资源局〕"
            )
        if chapter == 1:
            d.add_paragraph("表1 某某县生态文明建设示范县指标体系")
            header = ["领域", "序号", "指标名称", "单位", "现状值（2022年）", "2025年", "2030年", "指标属性"]
            rows = []
            for _ in range(rows_per_page * pages // 2):
                n += 1
                rows.append(["生态环境", str(n), f"第{n}项生态环境质量指标", "%", f"{50 + n % 40}.5", f"≥{60 + n % 30}",
                             f"≥{70 + n % 25}", "约束性"])
            add_table(d, [header, *rows], repeat_header=1)
    source = folder / "plan100.docx"
    d.save(str(source))
    return to_pdf(source)


def timed(cmd: list[str], env: dict[str, str] | None = None, shell: bool = False) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd if not shell else " ".join(cmd), capture_output=True, env=env, shell=shell)
    if done.returncode != 0:
        raise SystemExit(f"failed: {cmd}: {done.stderr.decode(errors='replace')[-500:]}")
    return time.perf_counter() - start


def _ocr_one(args: tuple[str, int, int]) -> float:
    import numpy as np
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    path, page, threads = args
    engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
    image = pdfium.PdfDocument(path)[page].render(scale=150 / 72).to_pil().convert("RGB")
    start = time.perf_counter()
    engine(np.asarray(image))
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--ocr-pages", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "ECOCIV_HOME": str(folder / "home"), "ECOCIV_DATABASE_URL": f"sqlite:///{folder}/db.sqlite3"}
        start = time.perf_counter()
        pdf = build_pdf(folder, args.pages)
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            n_pages = len(doc.pages)
        print(f"text PDF: {n_pages} pages, made in {time.perf_counter() - start:.1f} s (LibreOffice)")
        ours = timed([str(ECOCIV), "import", str(pdf)], env)
        print(f"ecociv import {pdf.name}: {ours:.2f} s whole process (target < 10 s), {ours / n_pages * 1000:.0f} ms a page")
        if shutil.which("pdftotext"):
            txt = folder / "plan100.txt"
            alt = timed(["pdftotext", "-layout", str(pdf), str(txt)]) + timed([str(ECOCIV), "import", str(txt)], env)
            print(f"pdftotext -layout + ecociv import of the text: {alt:.2f} s; ratio ours/alternative {ours / alt:.2f}")
        else:
            print("pdftotext is not installed (Debian poppler-utils): no alternative timed")

        sys.path.insert(0, str(REPO / "tests" / "importers" / "pdf"))
        from _pdfmake import scanned

        scan = scanned(pdf, list(range(args.ocr_pages)), folder / "scan.pdf")
        cold = timed([str(ECOCIV), "import", str(scan)], env)
        warm = timed([str(ECOCIV), "import", str(scan)], env)
        print(
            f"OCR: {args.ocr_pages} scanned pages at 150 dpi in {cold:.1f} s whole process = "
            f"{cold / args.ocr_pages:.1f} s a page (target ≤ 15 s); again from the cache: {warm:.2f} s"
        )
        pages = list(range(min(2, args.ocr_pages)))
        start = time.perf_counter()
        for p in pages:
            _ocr_one((str(scan), p, 2))
        one_at_a_time = time.perf_counter() - start
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_ocr_one, [(str(scan), p, 1) for p in pages]))
        two_at_once = time.perf_counter() - start
        print(
            f"{len(pages)} pages, one at a time on 2 threads: {one_at_a_time:.1f} s; two at once on 1 thread each: "
            f"{two_at_once:.1f} s (includes model loading in each worker); ratio {one_at_a_time / two_at_once:.2f}"
        )


if __name__ == "__main__":
    main()
