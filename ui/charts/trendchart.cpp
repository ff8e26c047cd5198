#include "charts/trendchart.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QStackedLayout>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

namespace kete::ui {

using models::ChartPoint;
using models::ChartSeries;
using models::LabChartData;

namespace {

constexpr double kMarkerSize = 9.0;

qreal toX(const QDateTime &time)
{
    return qreal(time.toMSecsSinceEpoch());
}

QPair<double, double> valueExtent(const LabChartData &data)
{
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    for (const ChartSeries &series : data.series)
        for (const ChartPoint &point : series.points) {
            low = std::min(low, point.value);
            high = std::max(high, point.value);
        }
    if (data.normalLow)
        low = std::min(low, *data.normalLow);
    if (data.normalHigh)
        high = std::max(high, *data.normalHigh);
    const double margin = high > low ? (high - low) * 0.1 : std::max(1.0, std::abs(high) * 0.1);
    // Lab values are rarely negative; an axis dipping below zero for padding only confuses.
    return {low >= 0 ? std::max(0.0, low - margin) : low - margin, high + margin};
}

QPair<QDateTime, QDateTime> timeExtent(const LabChartData &data)
{
    QDateTime first, last;
    for (const ChartSeries &series : data.series)
        for (const ChartPoint &point : series.points) {
            if (!first.isValid() || point.time < first)
                first = point.time;
            if (!last.isValid() || point.time > last)
                last = point.time;
        }
    if (first == last) {
        first = first.addDays(-30);
        last = last.addDays(30);
    }
    const qint64 pad = std::max<qint64>(first.msecsTo(last) / 30, 86'400'000);
    return {first.addMSecs(-pad), last.addMSecs(pad)};
}

} // namespace

TrendChart::TrendChart(QWidget *parent)
    : QWidget(parent)
    , m_view(new QChartView(new QChart, this))
    , m_empty(new QLabel(tr("Choose a test to see its results over time."), this))
{
    setObjectName(QStringLiteral("trendChart"));
    setAccessibleName(tr("Trend chart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->chart()->legend()->setAlignment(Qt::AlignBottom);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);

    auto *stack = new QStackedLayout(this);
    stack->addWidget(m_empty);
    stack->addWidget(m_view);
    setMinimumHeight(240);
}

QChart *TrendChart::chart() const
{
    return m_view->chart();
}

void TrendChart::clear()
{
    QChart *chart = m_view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis), delete axis;
    chart->setTitle(QString());
    static_cast<QStackedLayout *>(layout())->setCurrentWidget(m_empty);
}

void TrendChart::setData(const LabChartData &data)
{
    clear();
    const bool hasPoints = std::any_of(data.series.cbegin(), data.series.cend(),
                                       [](const ChartSeries &s) { return !s.points.isEmpty(); });
    if (!hasPoints)
        return;

    QChart *chart = m_view->chart();
    chart->setTitle(data.title);
    chart->setTheme(palette().window().color().lightness() < 128 ? QChart::ChartThemeDark
                                                                 : QChart::ChartThemeLight);

    auto *timeAxis = new QDateTimeAxis;
    timeAxis->setFormat(QLocale().dateFormat(QLocale::ShortFormat));
    timeAxis->setTitleText(tr("Date"));
    auto *valueAxis = new QValueAxis;
    valueAxis->setTitleText(data.unit);
    chart->addAxis(timeAxis, Qt::AlignBottom);
    chart->addAxis(valueAxis, Qt::AlignLeft);

    const auto [firstTime, lastTime] = timeExtent(data);
    const auto [lowValue, highValue] = valueExtent(data);
    timeAxis->setRange(firstTime, lastTime);
    valueAxis->setRange(lowValue, highValue);
    valueAxis->applyNiceNumbers();
    valueAxis->setLabelFormat(QStringLiteral("%g"));

    const auto attach = [&](QAbstractSeries *series) {
        chart->addSeries(series);
        series->attachAxis(timeAxis);
        series->attachAxis(valueAxis);
    };

    if (data.normalLow || data.normalHigh) {
        const double bandLow = data.normalLow.value_or(valueAxis->min());
        const double bandHigh = data.normalHigh.value_or(valueAxis->max());
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        for (const QDateTime &time : {firstTime, lastTime}) {
            upper->append(toX(time), bandHigh);
            lower->append(toX(time), bandLow);
        }
        auto *band = new QAreaSeries(upper, lower);
        band->setName(tr("Normal range"));
        band->setObjectName(QStringLiteral("normalRange"));
        QColor fill = palette().highlight().color();
        fill.setAlpha(45);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
        attach(band);
    }

    for (const ChartSeries &input : data.series) {
        auto *line = new QLineSeries;
        line->setName(input.name);
        auto *measured = new QScatterSeries;
        measured->setName(input.name);
        measured->setMarkerSize(kMarkerSize);
        auto *outOfRange = new QScatterSeries;
        const bool several = data.series.size() > 1;
        outOfRange->setName(several ? tr("%1 outside normal range").arg(input.name)
                                    : tr("Outside normal range"));
        outOfRange->setObjectName(QStringLiteral("outOfRange"));
        outOfRange->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        outOfRange->setMarkerSize(kMarkerSize + 2);
        auto *censored = new QScatterSeries;
        censored->setName(several ? tr("%1 beyond measurable limit").arg(input.name)
                                  : tr("Beyond measurable limit"));
        censored->setObjectName(QStringLiteral("censored"));
        censored->setMarkerSize(kMarkerSize + 1);
        censored->setBrush(Qt::NoBrush);

        QHash<QPair<qreal, qreal>, QString> labels;
        for (const ChartPoint &point : input.points) {
            const qreal x = toX(point.time);
            line->append(x, point.value);
            QScatterSeries *target = point.censored     ? censored
                                     : point.outOfRange ? outOfRange
                                                        : measured;
            target->append(x, point.value);
            labels.insert({x, point.value},
                          QStringLiteral("%1\n%2").arg(
                              point.label, QLocale().toString(point.time, QLocale::ShortFormat)));
        }
        attach(line);
        measured->setColor(line->color());
        outOfRange->setColor(QColor(0xc0, 0x39, 0x2b));
        censored->setPen(QPen(line->color(), 2));
        const bool measuredShown = measured->count() > 0;
        for (QScatterSeries *markers : {measured, outOfRange, censored}) {
            if (markers->count() == 0) {
                delete markers;
                continue;
            }
            attach(markers);
            connect(
                markers, &QScatterSeries::hovered, this,
                [labels](const QPointF &point, bool state) {
                    if (state)
                        QToolTip::showText(QCursor::pos(), labels.value({point.x(), point.y()}));
                    else
                        QToolTip::hideText();
                });
        }
        if (measuredShown) // the line already stands for it in the legend
            for (QLegendMarker *marker : chart->legend()->markers(measured))
                marker->setVisible(false);
    }
    static_cast<QStackedLayout *>(layout())->setCurrentWidget(m_view);
}

} // namespace kete::ui
