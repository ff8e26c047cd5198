#include "labs/rangebardelegate.h"

#include "labs/labdelegates.h"
#include "labs/rangebar.h"
#include "models/labglance.h"

#include <QPainter>

namespace kete::ui {

namespace {

constexpr int kMargin = 4;
constexpr int kBarWidth = 64;
constexpr int kGap = 6;

std::optional<models::RangePlacement> placementOf(const QModelIndex &index, int role)
{
    const QVariant value = index.data(role);
    if (!value.canConvert<models::RangePlacement>())
        return std::nullopt;
    return value.value<models::RangePlacement>();
}

} // namespace

RangeBarDelegate::RangeBarDelegate(int placementRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_placementRole(placementRole)
{}

QRectF RangeBarDelegate::barArea(const QRect &cell)
{
    return QRectF(cell.left() + kMargin, cell.top(), kBarWidth, cell.height());
}

int RangeBarDelegate::barWidth()
{
    return kMargin + kBarWidth + kGap;
}

void RangeBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    drawCellWithoutText(painter, cell);
    const QString &text = cell.text;

    const bool selected = option.state & QStyle::State_Selected;
    paintRangeBar(*painter, placementOf(index, m_placementRole), barArea(option.rect),
                  option.palette, selected);

    const QRect textRect = option.rect.adjusted(barWidth(), 0, -kMargin, 0);
    if (textRect.width() <= 0 || text.isEmpty())
        return;
    painter->save();
    painter->setFont(cell.font);
    const QPalette::ColorGroup group =
        option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    painter->setPen(
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    const QString elided =
        QFontMetrics(cell.font).elidedText(text, Qt::ElideRight, textRect.width());
    painter->drawText(textRect, int(Qt::AlignLeft | Qt::AlignVCenter), elided);
    painter->restore();
}

QSize RangeBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    const int textWidth = QFontMetrics(cell.font).horizontalAdvance(cell.text);
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(barWidth() + textWidth + kMargin + 2);
    return size;
}

} // namespace kete::ui
