"""How credo says a moment on the wall clock, for tests that cannot know the hour they run at."""

# `up at 10:47` on the day it is said, `up at 00:09 on Tue 08 Dec` when the moment is past
# midnight (`credo.domain.timebox.clock_words`): a 25-minute timebox started at 23:40 is up
# tomorrow, and the suite runs at any hour.
UP_AT = r"\d\d:\d\d(?: on \w{3} \d\d \w{3})?"
