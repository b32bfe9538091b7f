"""The product's URLs plus two reference pages that touch no database."""

import datetime

from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

ITEMS = [
    {
        "title": f"Chi bộ số {i} tổ chức sinh hoạt thường kỳ tháng {i % 12 + 1}",
        "lead": "Đồng chí Bí thư chủ trì; chi bộ đánh giá kết quả thực hiện nghị quyết tháng.",
        "author": f"Nguyễn Văn {i}",
        "organisation": f"Đảng bộ cơ sở số {i % 7}",
        "slug": f"bai-viet-{i}",
        "published": datetime.datetime(2021, 12, 31, 15, 30) - datetime.timedelta(days=i),
        "photos": i % 4,
        "views": 1000 + i,
        "tags": ["sinh hoạt", "nghị quyết", "đảng viên"],
        "url": f"/tin-tuc/bai-viet-{i}/",
        "caption": "Quang cảnh buổi sinh hoạt",
    }
    for i in range(40)
]


def reference_article(request):
    """(a) The template work of a real article: ~20 KB, 40 items, ~450 variables, 40 dates."""
    return render(request, "benchmarks/reference_article.html", {"items": ITEMS})


def reference_floor(request):
    """(b) Django's floor: a 200-byte template."""
    return render(request, "benchmarks/reference_floor.html", {"name": "Sổ Chi bộ"})


urlpatterns = [
    path("bench/reference-a/", reference_article, name="reference-a"),
    path("bench/reference-b/", reference_floor, name="reference-b"),
    *product_urlpatterns,
]
