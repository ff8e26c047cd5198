#include "labs/sparklinedelegate.h"

#include "labs/labdelegates.h"
#include "labs/sparkline.h"
#include "models/labglance.h"

#include <QPainter>

namespace kete::ui {

namespace {

constexpr int kMargin = 4;
constexpr int kWidth = 52;
constexpr int kGap = 8;
constexpr int kVerticalPadding = 5;

} // namespace

SparklineDelegate::SparklineDelegate(int valuesRole, int placementRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_valuesRole(valuesRole)
    , m_placementRole(placementRole)
{}

QRectF SparklineDelegate::sparklineArea(const QRect &cell)
{
    return QRectF(cell.left() + kMargin, cell.top() + kVerticalPadding, kWidth,
                  std::max(0, cell.height() - 2 * kVerticalPadding));
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    drawCellWithoutText(painter, cell);
    const QString &text = cell.text;

    const bool selected = option.state & QStyle::State_Selected;
    const QVariant placement = index.data(m_placementRole);
    paintSparkline(*painter, index.data(m_valuesRole).value<QList<double>>(),
                   placement.canConvert<models::RangePlacement>()
                       ? std::optional(placement.value<models::RangePlacement>())
                       : std::nullopt,
                   sparklineArea(option.rect), option.palette, selected);

    const QRect textRect = option.rect.adjusted(kMargin + kWidth + kGap, 0, -kMargin, 0);
    if (textRect.width() <= 0 || text.isEmpty())
        return;
    painter->save();
    painter->setFont(cell.font);
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(textRect, int(Qt::AlignRight | Qt::AlignVCenter), text);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(kMargin + kWidth + kGap + QFontMetrics(cell.font).horizontalAdvance(cell.text) +
                  kMargin + 2);
    return size;
}

} // namespace kete::ui
