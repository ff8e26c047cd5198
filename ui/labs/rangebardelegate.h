#pragma once

#include <QStyledItemDelegate>

namespace kete::ui {

// The normal-range column: a range bar (rangebar.h) placing the latest value in its normal
// range, then the range as text, cut to the column's width (the model's tooltip has all of it).
// The bar's place is kept free when there is no range to draw, so the texts line up.
class RangeBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RangeBarDelegate)

public:
    // `placementRole` holds a models::RangePlacement, or nothing.
    explicit RangeBarDelegate(int placementRole, QObject *parent = nullptr);

    // Where the bar goes inside a cell.
    static QRectF barArea(const QRect &cell);
    static int barWidth();

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_placementRole;
};

} // namespace kete::ui
