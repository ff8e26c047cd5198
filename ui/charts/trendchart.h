#pragma once

#include "models/chartdata.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;

namespace kete::ui {

// A test's results over time (Qt Charts): a time axis, a value axis with the unit, the normal
// range as a shaded band, out-of-range points in their own marked series, censored values as
// open markers, and a tooltip with exact value and date.
class TrendChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrendChart)

public:
    explicit TrendChart(QWidget *parent = nullptr);

    void setData(const models::LabChartData &data);
    void clear();

    QChart *chart() const;

private:
    QChartView *m_view;
    QLabel *m_empty;
};

} // namespace kete::ui
