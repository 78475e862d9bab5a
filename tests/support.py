"""What several test modules share, written for the tests: sample articles
with hand-made facts and the database they make, synthetic archives, news
reports and their copies, readers of a stored database, and helpers for
rule files and servers. (The fixtures are in conftest.py.)"""

from __future__ import annotations

import json
import random
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError

import sqlite_utils

from extractor.model import Article, Fact
from extractor.pipeline import ExtractedArticle
from extractor.serve import HOST
from extractor.store import open_store, start_run, store_articles

# --- sample articles and their facts (the database of test_store, test_query, test_serve)

FACT_DEFAULTS = {"kind": "count", "value": 0.0, "value_max": None, "unit": None, "per": None,
                 "qualifier": "exact", "indicator": "count", "subject": None, "pattern": "test"}


def fact_in(text: str, written: str, occurrence: int = 0, *, article: str, **fields) -> Fact:
    """A fact for the `occurrence`-th figure `written` in `text`, with its real
    offsets and sentence, and defaults for the fields a test does not set."""
    start = [m.start() for m in re.finditer(re.escape(written), text)][occurrence]
    sentence = next(
        m for m in re.finditer(r".+?(?:\.(?=\s|$)|$)", text, re.MULTILINE)
        if m.start() <= start < m.end()
    ).group().strip()
    return Fact(article=article, text=written, sentence=sentence, start=start,
                end=start + len(written), **{**FACT_DEFAULTS, **fields})


THAI_BINH = Article(
    id="kc-thaibinh-2016",
    source="tests:1",
    title="Thái Bình: khuyến công hỗ trợ 193 đề án",
    url="https://example.vn/kc-thaibinh-2016",
    published="2016-12-20",
    text=(
        "Năm 2016, Sở Công Thương Thái Bình đã triển khai 193 đề án khuyến công với tổng kinh "
        "phí 19.448,5 triệu đồng. Các đề án đã đào tạo nghề cho 12.535 lao động nông thôn."
    ),
)
DONG_NAI = Article(
    id="dn-2021",
    source="tests:2",
    title="Đồng Nai thu hút vốn đầu tư",
    published="2021-03-05",
    text=(
        "Giai đoạn 2021-2025, tỉnh Đồng Nai đặt mục tiêu 98% doanh nghiệp ứng dụng công nghệ số. "
        "Năm 2021, tỉnh thu hút hơn 800.000 USD vốn đầu tư và có thêm 50 ha đất công nghiệp."
    ),
    meta={"category": "kinh tế"},
)
GIA_NHA = Article(
    id="gia-can-ho",
    source="tests:3",
    title="Giá căn hộ tăng",
    text=(
        "Giá căn hộ trung bình 50 triệu đồng/m2, tăng 28-30% so với cùng kỳ. "
        "Tỷ lệ lấp đầy khu A đạt 30%, khu B cũng đạt 30%."
    ),
)
UNTITLED = Article(
    id="hau-giang-viec-lam",
    source="tests:4",
    title=None,
    url="https://example.vn/hau-giang-viec-lam",
    published="2016-03-12",
    text=(
        "Người lao động tìm việc tại sàn giao dịch (Ảnh: Minh Anh).\n"
        "Sáng 12/3, tỉnh Hậu Giang tổ chức 25 phiên giao dịch việc làm cho người lao động "
        "trong năm 2016 và sẽ mở thêm nhiều phiên khác."
    ),
)
"""An article with no title: a person sees it by its opening words, the
photo caption above them passed over."""


THAI_BINH_CONTEXT = {"province": "Thái Bình", "province_2025": "Hưng Yên", "year": 2016,
                     "organization": "Sở Công Thương"}
DONG_NAI_CONTEXT = {"province": "Đồng Nai", "province_2025": "Đồng Nai"}
SAMPLE_FACTS = {
    THAI_BINH.id: [
        fact_in(THAI_BINH.text, *args, article=THAI_BINH.id, **THAI_BINH_CONTEXT, **fields)
        for args, fields in [
            (("193",), {"value": 193.0, "indicator": "projects", "subject": "đề án", "figure": 1}),
            (("19.448,5 triệu đồng",), {"kind": "money", "value": 19448500000.0, "unit": "VND",
                                         "indicator": "budget", "subject": "tổng kinh phí",
                                         "pattern": "money.amount", "figure": 2}),
            (("12.535",), {"value": 12535.0, "indicator": "workers",
                           "subject": "lao động nông thôn", "figure": 3}),
        ]
    ],
    DONG_NAI.id: [
        fact_in(DONG_NAI.text, *args, article=DONG_NAI.id, **DONG_NAI_CONTEXT, **fields)
        for args, fields in [
            (("98%",), {"kind": "percent", "value": 98.0, "unit": "%", "indicator": "percent",
                        "period": "2021-2025", "period_start": 2021, "period_end": 2025, "figure": 1}),
            (("800.000 USD",), {"kind": "money", "value": 800000.0, "unit": "USD",
                                "qualifier": "more_than", "indicator": "budget",
                                "subject": "vốn đầu tư", "year": 2021, "figure": 2}),
            (("50 ha",), {"kind": "quantity", "value": 50.0, "unit": "ha",
                          "indicator": "quantity", "year": 2021, "figure": 3}),
        ]
    ],
    GIA_NHA.id: [
        fact_in(GIA_NHA.text, *args, article=GIA_NHA.id, **fields)
        for args, fields in [
            (("50 triệu đồng",), {"kind": "money", "value": 50e6, "unit": "VND", "per": "m2",
                                  "indicator": "price", "subject": "giá căn hộ", "figure": 1}),
            (("28-30%",), {"kind": "percent", "value": 28.0, "value_max": 30.0, "unit": "%",
                           "indicator": "percent", "figure": 2}),
            (("30%", 1), {"kind": "percent", "value": 30.0, "unit": "%", "indicator": "percent",
                          "figure": 3}),
            (("30%", 2), {"kind": "percent", "value": 30.0, "unit": "%", "indicator": "percent",
                          "figure": 3}),
        ]
    ],
    UNTITLED.id: [fact_in(UNTITLED.text, "25", article=UNTITLED.id, value=25.0, indicator="events",
                          subject="phiên giao dịch việc làm", year=2016, province="Hậu Giang",
                          province_2025="Cần Thơ", figure=1)],
}
"""The hand-made facts of the sample articles (and of `UNTITLED`), by article id."""


def sample_facts(article: Article) -> list[Fact]:
    return SAMPLE_FACTS[article.id]


SAMPLE = [THAI_BINH, DONG_NAI, GIA_NHA]


def extracted(article: Article) -> ExtractedArticle:
    return ExtractedArticle(article, article.text, sample_facts(article))


def make_sample_db(path, also: tuple[Article, ...] = ()) -> sqlite_utils.Database:
    """A database holding the sample articles (and `also`), stored by the real writer."""
    db = open_store(path, create=True)
    store_articles(db, [extracted(a) for a in (*SAMPLE, *also)], run_id=start_run(db, ["tests"]))
    return db


def set_version(path, version: str) -> None:
    """Make the database at `path` look written with another schema version."""
    db = sqlite_utils.Database(path) if path.exists() else open_store(path, create=True)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])
    db.close()


# --- synthetic archives (test_resume, test_workers, test_dask)

PROVINCES = ["Hà Nội", "Đà Nẵng", "Cần Thơ", "Nghệ An", "Quảng Ninh", "Bình Dương", "Lâm Đồng",
             "Thanh Hóa", "Sóc Trăng", "Gia Lai"]
PROJECTS = ["giao thông nông thôn", "cấp nước sạch", "trường học", "bệnh viện tuyến huyện",
            "kè chống sạt lở", "nhà ở xã hội"]
SENTENCES = [
    "Năm {year}, tỉnh {province} đã giải ngân {money} tỷ đồng cho {count} dự án {project}.",
    "Tổng kinh phí thực hiện chương trình là {amount} triệu đồng, trong đó ngân sách tỉnh hỗ trợ "
    "{percent}%.",
    "Toàn tỉnh có {count} doanh nghiệp mới thành lập, tăng {percent}% so với cùng kỳ năm trước.",
    "Dự án {project} có diện tích {area} ha, dự kiến hoàn thành trong năm {year}.",
    "Hơn {count} lao động nông thôn đã được đào tạo nghề, mỗi người được hỗ trợ {small} triệu đồng.",
    "Sản lượng lúa cả năm đạt {amount} tấn, giá bán trung bình {small}.500 đồng/kg.",
    "Kim ngạch xuất khẩu đạt {money} triệu USD, chiếm {percent}% tổng kim ngạch của vùng.",
    "Giai đoạn {year}-{later}, thành phố đặt mục tiêu xây dựng {count} trường học và {small} trạm y tế.",
    "Ông Nguyễn Văn Bình, Giám đốc Sở Kế hoạch và Đầu tư tỉnh {province}, cho biết tỷ lệ giải ngân "
    "đạt {percent}%.",
    "Khoảng {count} hộ dân được dùng nước sạch sau khi công trình {money} tỷ đồng đi vào hoạt động.",
    "Trong {small} tháng đầu năm, thu ngân sách đạt {amount} tỷ đồng, bằng {percent},5% dự toán.",
    "Người dân phấn khởi khi con đường mới về tới thôn, việc đi lại thuận tiện hơn nhiều.",
]


def synthetic_article(number: int, rng: random.Random) -> dict[str, str]:
    """One made-up news article: a title and three to six sentences with figures."""
    province = rng.choice(PROVINCES)
    year = rng.randint(2015, 2023)

    def fill(template: str) -> str:
        return template.format(
            year=year, later=year + 5, province=province, project=rng.choice(PROJECTS),
            money=rng.randint(2, 990), count=f"{rng.randint(2, 99)}.{rng.randint(100, 999)}"
            if rng.random() < 0.3 else rng.randint(3, 950),
            amount=f"{rng.randint(1, 99)}.{rng.randint(100, 999)}", percent=rng.randint(3, 97),
            area=rng.randint(5, 900), small=rng.randint(2, 12),
        )

    sentences = [fill(rng.choice(SENTENCES)) for _ in range(rng.randint(3, 6))]
    return {"id": f"tin-{number:04d}", "title": f"{province}: {rng.choice(PROJECTS)} năm {year}",
            "text": " ".join(sentences), "published": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}


def synthetic_archive(path: Path, count: int, *, seed: int = 2017, bad_line: int | None = None,
                      copies: int = 0) -> Path:
    """A JSON Lines file of `count` synthetic articles, with a broken line
    after article `bad_line` when given, then `copies` re-posts of earlier
    articles (another id and title, a line added: near-duplicates)."""
    rng = random.Random(seed)
    lines = []
    made = []
    for number in range(count):
        made.append(synthetic_article(number, rng))
        lines.append(json.dumps(made[-1], ensure_ascii=False))
        if number == bad_line:
            lines.append("{không phải JSON")
    for number in range(copies):
        original = made[rng.randrange(count)]
        copy = {**original, "id": f"{original['id']}-dang-lai-{number}",
                "title": f"Tin mới: {original['title']}",
                "text": f"{original['text']} Bài đăng lại theo báo địa phương."}
        lines.append(json.dumps(copy, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FACT_KEY = "article, kind, value, value_max, unit, indicator, start, [end], figure, part_of"
ARTICLE_KEY = ("id, source, url, title, published, text, meta, content_hash, extractor_version, fact_count, "
               "story, signature")


def stored_facts(db: Path) -> Counter:
    """The facts of a database as a multiset (row ids and order aside)."""
    with closing(sqlite3.connect(db)) as connection:
        return Counter(connection.execute(f"SELECT {FACT_KEY} FROM facts").fetchall())


def stored_articles(db: Path, columns: str = ARTICLE_KEY) -> list[tuple]:
    """The article rows but the time each was stored."""
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(f"SELECT {columns} FROM articles ORDER BY id").fetchall()


def stories(db: Path) -> int:
    """How many stories the articles of a database make."""
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT count(DISTINCT story) FROM articles").fetchone()[0]


# --- one report and a syndicated copy (test_counting, test_query, test_stories)

REPORT = {
    "id": "baothaibinh-khuyen-cong-2021-2025",
    "url": "https://baothaibinh.example/khuyen-cong-2021-2025",
    "published": "2025-11-12",
    "title": "Thái Bình: Gần 20 tỷ đồng cho khuyến công giai đoạn 2021-2025",
    "text": (
        "Sáng 12/11, Sở Công Thương tỉnh Thái Bình tổ chức hội nghị tổng kết công tác khuyến công "
        "giai đoạn 2021-2025 và triển khai nhiệm vụ giai đoạn tiếp theo.\n"
        "Giai đoạn 2021-2025, Sở Công Thương tỉnh Thái Bình triển khai 150 đề án khuyến công với "
        "tổng kinh phí 19,8 tỷ đồng, trong đó kinh phí khuyến công quốc gia là 7,5 tỷ đồng. Mức "
        "hỗ trợ là 1,2 triệu đồng/học viên đối với các lớp đào tạo nghề, truyền nghề cho lao động "
        "nông thôn.\n"
        "Các đề án tập trung hỗ trợ cơ sở công nghiệp nông thôn ứng dụng máy móc, thiết bị tiên "
        "tiến vào sản xuất, xây dựng mô hình trình diễn kỹ thuật, tổ chức hội chợ triển lãm và "
        "bình chọn sản phẩm công nghiệp nông thôn tiêu biểu. Nhờ đó, nhiều cơ sở đã đổi mới công "
        "nghệ, nâng cao năng suất lao động và chất lượng sản phẩm, tạo việc làm ổn định cho người "
        "lao động địa phương.\n"
        "Phát biểu tại hội nghị, lãnh đạo Sở Công Thương đề nghị các huyện, thành phố tiếp tục phối "
        "hợp chặt chẽ, lựa chọn những đề án có tính lan tỏa, ưu tiên hỗ trợ các cơ sở sản xuất sản "
        "phẩm chủ lực của tỉnh và các làng nghề truyền thống."
    ),
}
COPY = {  # a re-post: another title and first words, a sentence cut shorter, the source named
    "id": "congthuong-thai-binh-khuyen-cong",
    "url": "https://congthuong.example/thai-binh-khuyen-cong",
    "published": "2025-11-13",
    "title": "Gần 20 tỷ đồng hỗ trợ khuyến công tại Thái Bình",
    "text": REPORT["text"].replace("Sáng 12/11", "Ngày 12/11").replace(
        "Phát biểu tại hội nghị, lãnh đạo", "Lãnh đạo") + "\nTheo Báo Thái Bình",
}
OTHER = {
    "id": "nam-dinh-khuyen-nong",
    "published": "2025-10-02",
    "title": "Nam Định hỗ trợ nông dân chuyển đổi cây trồng",
    "text": (
        "Năm 2025, tỉnh Nam Định dành 12 tỷ đồng cho 40 mô hình khuyến nông, giúp nông dân chuyển "
        "đổi sang các giống lúa chất lượng cao trên diện tích 1.500 ha."
    ),
}


# --- rule files and servers

def add_line(folder: Path, name: str, line: str, at: int | None = None) -> int:
    """Add `line` to a rule file (at the end, or as line `at`); its line number."""
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    at = len(lines) + 1 if at is None else at
    lines.insert(at - 1, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at


STARTUP_LIMIT = 90.0
"""Seconds the server may take to answer (a bound on the wait, not a measurement)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get_json(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.load(response)


@dataclass
class Served:
    """A running `vnfacts serve`: its address, process and log."""

    base: str
    process: subprocess.Popen
    log: Path

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def new_log_lines(self, before: list[str], wait: float = 10.0) -> list[str]:
        """The lines logged since `before`: the server may write a refusal's line
        just after it has answered, so wait a little for the first one."""
        deadline = time.monotonic() + wait
        while len(lines := self.log_lines()) == len(before) and time.monotonic() < deadline:
            time.sleep(0.05)
        return lines[len(before):]


@contextmanager
def serving(db: Path) -> Iterator[Served]:
    """`vnfacts serve` over the database `db`, in a process of its own, once
    it answers; its log (`serve.log` beside the database) is appended to,
    because the server writes it from more than one stream."""
    port = free_port()
    log_path = db.with_name("serve.log")
    log = log_path.open("a+")
    command = [sys.executable, "-c", "from extractor.cli import cli; cli()",
               "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while True:
            try:
                get_json(base, "/-/versions.json")
                break
            except (URLError, ConnectionError):
                log.seek(0)
                assert process.poll() is None, f"vnfacts serve stopped: {log.read()}"
                assert time.monotonic() < deadline, "vnfacts serve did not answer in time"
                time.sleep(0.2)
        yield Served(base, process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
