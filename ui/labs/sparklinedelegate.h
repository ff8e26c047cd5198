#pragma once

#include <QStyledItemDelegate>

namespace kete::ui {

// The results column: a sparkline (sparkline.h) of the recent values, then the count of
// results. The model's tooltip and accessible description say the values in words.
class SparklineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SparklineDelegate)

public:
    // `valuesRole` holds QList<double>, oldest first; `placementRole` a models::RangePlacement
    // (for the band of the normal range), or nothing.
    SparklineDelegate(int valuesRole, int placementRole, QObject *parent = nullptr);

    // Where the sparkline goes inside a cell.
    static QRectF sparklineArea(const QRect &cell);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_valuesRole;
    int m_placementRole;
};

} // namespace kete::ui
