#pragma once

#include <QBrush>
#include <QPen>
#include <QScatterSeries>
#include <QWidget>

namespace kete::ui {

// What one legend entry looks like: a line, a marker shape or a shaded band, with its words.
struct LegendEntry
{
    enum class Kind
    {
        Line,
        Marker,
        Band
    };
    Kind kind = Kind::Line;
    QString text;
    QPen pen;
    QBrush brush;
    QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle;
};

// The trend chart's legend as a widget under the chart: its entries wrap onto as many lines as
// the width needs, so that no entry is ever cut short (Qt Charts' own legend elides them).
class ChartLegend final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartLegend)

public:
    explicit ChartLegend(QWidget *parent = nullptr);

    void setEntries(const QList<LegendEntry> &entries);
    const QList<LegendEntry> &entries() const { return m_entries; }
    QStringList texts() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    // Where each entry goes at `width`: its rectangle, row by row.
    QList<QRect> layoutEntries(int width) const;

    QList<LegendEntry> m_entries;
};

} // namespace kete::ui
