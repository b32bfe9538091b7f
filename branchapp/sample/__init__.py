"""The sample article (shared/seed/sample-article.txt) as structured data.

The article reports the year-end plenary of 31/12/2021 of the Party committee of the Đồng Tháp
Political School. What the article states is reproduced exactly; what a working database needs
but the article does not say (the cells' names, the members besides the chairs and the author,
their ratings, the 2022 targets' titles) is marked as illustrative in the data itself.
"""

from .article import COMMITTEE_NAME, HEADLINE, MEETING_DATE
from .loading import load_sample

__all__ = ["COMMITTEE_NAME", "HEADLINE", "MEETING_DATE", "load_sample"]
