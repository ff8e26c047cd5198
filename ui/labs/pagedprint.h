#pragma once

#include <QString>

class QPagedPaintDevice;
class QTextDocument;

namespace kete::ui {

// Prints `document` on `device` page by page, across the whole width between the margins, with
// `headerHtml` on top of every page (who and what the pages are about, so that a loose page
// still says so) and "Page n of m" at the foot. Tables repeat their header rows (<thead>) on
// every page they run onto. Qt lays out the pages: a row of one line is never split, but a row
// whose cells wrap onto several lines can be, so keep the cells that matter from wrapping
// (white-space: nowrap).
void printPaged(QPagedPaintDevice &device, QTextDocument &document, const QString &headerHtml);

} // namespace kete::ui
