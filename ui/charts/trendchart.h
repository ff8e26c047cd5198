#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QWidget>
#include <optional>

class QChart;
class QChartView;
class QLabel;

namespace kete::ui {

// What a trend chart shows: one or more series of comparable results (same test, same unit;
// blood pressure has two), and the normal range as a band.
struct TrendPoint
{
    QDateTime time;
    double value = 0;
    bool censored = false; // "< 0.01": the true value lies beyond `value`
    bool outOfRange = false;
    QString label; // exact value as the lab sent it, with unit, for the tooltip
};

struct TrendSeries
{
    QString name;
    QList<TrendPoint> points;
};

struct TrendChartData
{
    QString title;
    QString unit;
    QList<TrendSeries> series;
    std::optional<double> normalLow;
    std::optional<double> normalHigh;
};

// A test's results over time (Qt Charts): a time axis, a value axis with the unit, the normal
// range as a shaded band, out-of-range points in their own marked series, censored values as
// open markers, and a tooltip with exact value and date.
class TrendChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrendChart)

public:
    explicit TrendChart(QWidget *parent = nullptr);

    void setData(const TrendChartData &data);
    void clear();

    QChart *chart() const;

private:
    QChartView *m_view;
    QLabel *m_empty;
};

} // namespace kete::ui
