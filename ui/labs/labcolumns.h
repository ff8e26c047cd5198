#pragma once

#include <QList>

namespace kete::ui {

// What a column needs: its preferred width (its contents), the least it can make do with (cut,
// with the whole text in a tooltip), and when it gives way: columns with a lower `givesWay`
// shrink first, so that, say, a long text range is cut before the test's name is.
struct ColumnNeed
{
    int preferred = 0;
    int minimum = 0;
    int givesWay = 0;
};

// Widths for `needs` that fit `available`: the preferred ones when they fit; otherwise the
// columns that give way first shrink towards their minimum, in proportion to what they can give,
// then the next ones. When even the minimums do not fit, every column gets its minimum.
QList<int> fitWidths(const QList<ColumnNeed> &needs, int available);

} // namespace kete::ui
