#include "charts/chartlegend.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace kete::ui {

namespace {

constexpr int kSwatchWidth = 22;
constexpr int kGap = 6;
constexpr int kSpacing = 16;
constexpr int kRowSpacing = 4;
// Drawn text can come out a pixel or two wider than measured; without room to spare, drawText
// would wrap the last word onto a line the legend has no height for.
constexpr int kTextSlack = 4;

void paintMarker(QPainter &painter, const QRectF &box, const LegendEntry &entry)
{
    const qreal size = std::min(box.width(), box.height()) - 2;
    const QRectF r(box.center().x() - size / 2, box.center().y() - size / 2, size, size);
    painter.setPen(entry.pen);
    painter.setBrush(entry.brush);
    switch (entry.shape) {
    case QScatterSeries::MarkerShapeRectangle:
        painter.drawRect(r);
        break;
    case QScatterSeries::MarkerShapeTriangle: {
        QPainterPath path;
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.bottomRight());
        path.lineTo(r.bottomLeft());
        path.closeSubpath();
        painter.drawPath(path);
        break;
    }
    default:
        painter.drawEllipse(r);
        break;
    }
}

} // namespace

ChartLegend::ChartLegend(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("chartLegend"));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ChartLegend::setEntries(const QList<LegendEntry> &entries)
{
    m_entries = entries;
    setAccessibleName(tr("Legend"));
    setAccessibleDescription(texts().join(QStringLiteral("; ")));
    updateGeometry();
    update();
}

QStringList ChartLegend::texts() const
{
    QStringList result;
    for (const LegendEntry &entry : m_entries)
        result << entry.text;
    return result;
}

QList<QRect> ChartLegend::layoutEntries(int width) const
{
    QList<QRect> rects;
    const QFontMetrics metrics = fontMetrics();
    const int rowHeight = std::max(metrics.height(), 14);
    int x = 0;
    int y = 0;
    for (const LegendEntry &entry : m_entries) {
        // An entry wider than the whole row gets the row to itself and wraps its words there.
        const int textWidth = metrics.horizontalAdvance(entry.text) + kTextSlack;
        const int full = kSwatchWidth + kGap + textWidth;
        if (x > 0 && x + full > width) {
            x = 0;
            y += rowHeight + kRowSpacing;
        }
        const int available = std::max(1, width - x - kSwatchWidth - kGap);
        int height = rowHeight;
        if (textWidth > available)
            height =
                metrics.boundingRect(QRect(0, 0, available, 10000), Qt::TextWordWrap, entry.text)
                    .height();
        rects.append(QRect(x, y, std::min(full, width - x), height));
        x += full + kSpacing;
        if (height > rowHeight) { // a wrapped entry ends its row
            x = 0;
            y += height + kRowSpacing;
        }
    }
    return rects;
}

int ChartLegend::heightForWidth(int width) const
{
    int bottom = 0;
    for (const QRect &rect : layoutEntries(width))
        bottom = std::max(bottom, rect.bottom() + 1);
    return bottom;
}

QSize ChartLegend::sizeHint() const
{
    const int width = std::max(200, this->width());
    return {width, heightForWidth(width)};
}

QSize ChartLegend::minimumSizeHint() const
{
    return {kSwatchWidth * 3, m_entries.isEmpty() ? 0 : fontMetrics().height()};
}

void ChartLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QList<QRect> rects = layoutEntries(width());
    const int rowHeight = std::max(fontMetrics().height(), 14);
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const LegendEntry &entry = m_entries.at(i);
        const QRect rect = rects.at(i);
        const QRectF swatch(rect.left(), rect.top() + (rowHeight - 12) / 2.0, kSwatchWidth, 12);
        painter.save();
        switch (entry.kind) {
        case LegendEntry::Kind::Line:
            painter.setPen(entry.pen);
            painter.drawLine(QPointF(swatch.left() + 1, swatch.center().y()),
                             QPointF(swatch.right() - 1, swatch.center().y()));
            break;
        case LegendEntry::Kind::Band:
            painter.setPen(entry.pen);
            painter.setBrush(entry.brush);
            painter.drawRect(swatch.adjusted(1, 1, -1, -1));
            break;
        case LegendEntry::Kind::Marker:
            paintMarker(painter, swatch, entry);
            break;
        }
        painter.restore();
        painter.setPen(palette().color(QPalette::WindowText));
        const QRect textRect(rect.left() + kSwatchWidth + kGap, rect.top(),
                             rect.width() - kSwatchWidth - kGap, rect.height());
        painter.drawText(textRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, entry.text);
    }
}

} // namespace kete::ui
