#include "labs/pagedprint.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QTextDocument>
#include <QTextFrame>

namespace kete::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::ui", text);
}

} // namespace

void printPaged(QPagedPaintDevice &device, QTextDocument &document, const QString &headerHtml)
{
    const QRectF page = device.pageLayout().paintRectPixels(device.logicalDpiY());
    const qreal width = page.width();
    const qreal gap = device.logicalDpiY() / 6.0; // about 4 mm

    QTextDocument header;
    header.documentLayout()->setPaintDevice(&device);
    header.setDefaultFont(document.defaultFont());
    header.setDocumentMargin(0);
    header.setDefaultStyleSheet(document.defaultStyleSheet());
    header.setHtml(headerHtml);
    header.setTextWidth(width);
    const qreal headerHeight = header.size().height() + gap;

    QFont footerFont = document.defaultFont();
    footerFont.setPointSizeF(footerFont.pointSizeF() * 0.85);
    const qreal footerHeight = QFontMetricsF(footerFont, &device).height() + gap;

    document.documentLayout()->setPaintDevice(&device);
    document.setDocumentMargin(0);
    const qreal bodyHeight = page.height() - headerHeight - footerHeight;
    document.setPageSize(QSizeF(width, bodyHeight));
    const int pages = document.pageCount();

    QPainter painter(&device);
    for (int index = 0; index < pages; ++index) {
        if (index > 0)
            device.newPage();
        header.drawContents(&painter);
        painter.save();
        painter.setPen(QPen(Qt::gray, device.logicalDpiY() / 144.0));
        painter.drawLine(QPointF(0, headerHeight - gap / 2),
                         QPointF(width, headerHeight - gap / 2));
        painter.restore();

        painter.save();
        painter.translate(0, headerHeight - index * bodyHeight);
        document.drawContents(&painter, QRectF(0, index * bodyHeight, width, bodyHeight));
        painter.restore();

        painter.save();
        painter.setFont(footerFont);
        painter.drawText(QRectF(0, page.height() - footerHeight, width, footerHeight),
                         Qt::AlignRight | Qt::AlignBottom,
                         tr("Page %1 of %2").arg(index + 1).arg(pages));
        painter.restore();
    }
}

} // namespace kete::ui
