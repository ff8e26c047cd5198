#pragma once

#include "models/chartbuckets.h"
#include "models/chartdata.h"
#include "models/chartscale.h"
#include "models/chartwindow.h"

#include <QScatterSeries>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QChart;
class QChartView;
class QDateTimeAxis;
class QGraphicsSimpleTextItem;
class QLabel;
class QAbstractSeries;
class QLineSeries;
class QStackedWidget;
class QValueAxis;

namespace kete::ui {

class ChartLegend;

// A test's results over time (Qt Charts): a time axis, a value axis with the unit, the normal
// range as a shaded band (or each series' limits as dashed lines: blood pressure), out-of-range
// points in their own marked series, censored values as open markers.
//
// Above it, the time range (3 months, 1 year, 5 years, All); under it a legend that wraps. More
// results than the chart has room for are drawn per day, week or month (lowest to highest as a
// band, the average as a line); a result far above the rest is left above the axis and marked at
// its top edge. The mouse, or the arrow keys, show the exact value, flag and date of a result.
class TrendChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrendChart)

public:
    explicit TrendChart(QWidget *parent = nullptr);

    void setData(const models::LabChartData &data);
    void clear();

    QChart *chart() const;
    QChartView *chartView() const { return m_view; }
    ChartLegend *legend() const { return m_legend; }
    // The test shown (the heading above the chart names it; the chart has no title of its own).
    QString subject() const { return m_data.title; }

    void setTimeRange(models::TimeRange range);
    models::TimeRange timeRange() const { return m_range; }
    QAbstractButton *timeRangeButton(models::TimeRange range) const;

    // On by default; off draws every result however many there are (for the benchmark).
    void setAggregationEnabled(bool enabled);
    models::BucketSize bucketSize() const { return m_bucketSize; }
    const models::ValueScale &valueScale() const { return m_scale; }

    // What shows instead of the chart ("Choose a test…"); empty while the chart shows.
    QString emptyText() const;
    // "↑ 1 result above the chart: 45.2 ng/mL"; empty when nothing is left above the axis.
    QString clippedIndicatorText() const;
    // The hover text of the result (or period) under `viewportPos` in the chart view's viewport;
    // empty when there is none close by.
    QString hoverTextAt(const QPoint &viewportPos) const;
    // Where a value is drawn, in the chart view's viewport.
    QPoint viewportPosition(const QDateTime &time, double value) const;
    // What the line above the chart says about the result under the mouse or keyboard cursor
    // (empty when none: the line then says how to get one).
    QString readout() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct HoverTarget
    {
        double x = 0; // msecs since epoch
        double low = 0;
        double high = 0; // the value span it covers (a period: lowest to highest)
        bool period = false;
        QString text;
    };

    struct Marks;

    QWidget *createHeader();
    void rebuild();
    void reset();
    void applyPalette();
    void setUpAxes(const models::LabChartData &data);
    void attach(QAbstractSeries *series);
    double clamped(double value) const; // a value above the axis is drawn at its top
    QLineSeries *horizontalLine(double value, const QPen &pen) const;
    QScatterSeries *markers(const QString &objectName, QScatterSeries::MarkerShape shape) const;
    void attachMarkers(QScatterSeries *series, bool *any); // deleted when empty
    void addNormalBand(const models::LabChartData &data, Marks &marks);
    // Every result drawn, or (more than fit) each period's lowest to highest and average.
    void addResults(const models::ChartSeries &input, const QString &seriesName, QLineSeries *line,
                    Marks &marks);
    void addPeriods(const models::ChartSeries &input, const QString &seriesName,
                    QLineSeries *average, Marks &marks);
    void addLimits(const models::ChartSeries &input, const QColor &color, Marks &marks);
    void finishMarks(Marks &marks);
    void showClippedNote(const models::LabChartData &data);
    void describe(const models::LabChartData &data);
    void showEmpty(const QString &text);
    void enableTimeRanges(bool enabled);
    int plotWidthEstimate() const;
    int timeTickCount() const;
    void placeClippedNote();
    void followViewWidth();
    void moveCursorTo(int index);
    int hoverTargetAt(const QPoint &viewportPos) const;
    void showReadout(const QString &text);

    models::LabChartData m_data;
    models::TimeRange m_range = models::TimeRange::All;
    bool m_aggregate = true;
    models::BucketSize m_bucketSize = models::BucketSize::None;
    models::ValueScale m_scale;
    QList<HoverTarget> m_targets; // by time
    int m_cursor = -1;

    QButtonGroup *m_rangeButtons;
    QLabel *m_readout;
    QString m_readoutText;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QChartView *m_view;
    ChartLegend *m_legend;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
    QScatterSeries *m_cursorMarker = nullptr;
    QGraphicsSimpleTextItem *m_clippedNote;
};

} // namespace kete::ui
