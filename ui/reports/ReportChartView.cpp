#include "reports/ReportChartView.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QLocale>
#include <QPieSeries>
#include <QPieSlice>
#include <QValueAxis>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr qint64 kMSecsPerDay = 24 * 60 * 60 * 1000;
constexpr int kStraightLabels = 12;
// Labels up to this many characters ("26", "Nov") stand straight under any
// number of bars the page draws.
constexpr int kShortLabel = 3;

qsizetype longestLabel(const QStringList &labels)
{
    qsizetype longest = 0;
    for (const QString &label : labels)
        longest = std::max(longest, label.size());
    return longest;
}

// An axis that starts at zero and ends a little above the largest value, so
// the tallest bar never touches the frame and an empty range still shows a
// scale.
QValueAxis *valueAxis(const ReportTable &table)
{
    auto *axis = new QValueAxis;
    const double largest =
        table.chartValues.isEmpty() ? 0.0 : *std::max_element(table.chartValues.cbegin(), table.chartValues.cend());
    const double smallest =
        table.chartValues.isEmpty() ? 0.0 : *std::min_element(table.chartValues.cbegin(), table.chartValues.cend());
    axis->setRange(std::min(0.0, smallest * 1.1), largest > 0 ? largest * 1.1 : 1.0);
    // Whole amounts read best; below ten they would repeat (0, 0, 1, 1).
    axis->setLabelFormat(largest >= 10 || smallest <= -10 ? u"%.0f"_s : u"%.2f"_s);
    axis->setTitleText(table.valueTitle);
    axis->applyNiceNumbers();
    return axis;
}

} // namespace

ReportChartView::ReportChartView(QWidget *parent) : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(260);
    setTable({});
}

void ReportChartView::setTable(const ReportTable &table)
{
    auto *chart = new QChart;
    chart->setTitle(table.title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    m_valueCount = int(table.chartValues.size());
    switch (table.chart) {
    case ReportTable::Chart::Line:
        showLine(chart, table);
        break;
    case ReportTable::Chart::Bars:
        showBars(chart, table, false);
        break;
    case ReportTable::Chart::HorizontalBars:
        showBars(chart, table, true);
        break;
    case ReportTable::Chart::Pie:
        showPie(chart, table);
        break;
    case ReportTable::Chart::None:
        break;
    }
    // setChart does not delete the chart it replaces.
    QChart *previous = this->chart();
    setChart(chart);
    delete previous;
}

void ReportChartView::showLine(QChart *chart, const ReportTable &table)
{
    auto *series = new QLineSeries;
    series->setPointsVisible(true);
    for (qsizetype i = 0; i < table.chartValues.size(); ++i)
        series->append(double(table.chartDays.value(i)), table.chartValues.at(i));
    chart->addSeries(series);

    auto *days = new QDateTimeAxis;
    days->setFormat(table.dateFormat);
    // Half a day either side, so the first and last points are not on the frame.
    const qint64 first = table.chartDays.isEmpty() ? 0 : table.chartDays.first();
    const qint64 last = table.chartDays.isEmpty() ? kMSecsPerDay : table.chartDays.last();
    days->setRange(QDateTime::fromMSecsSinceEpoch(first - kMSecsPerDay / 2),
                   QDateTime::fromMSecsSinceEpoch(last + kMSecsPerDay / 2));
    const qint64 spanDays = (last - first) / kMSecsPerDay + 1;
    days->setTickCount(int(std::clamp<qint64>(spanDays + 1, 2, 8)));
    chart->addAxis(days, Qt::AlignBottom);
    series->attachAxis(days);
    QValueAxis *values = valueAxis(table);
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
}

void ReportChartView::showBars(QChart *chart, const ReportTable &table, bool horizontal)
{
    auto *set = new QBarSet(table.valueTitle);
    QStringList labels = table.chartLabels;
    QList<double> values = table.chartValues;
    // Horizontal bars are drawn bottom up: reversed, the largest is on top.
    if (horizontal) {
        std::reverse(labels.begin(), labels.end());
        std::reverse(values.begin(), values.end());
    }
    for (double value : values)
        set->append(value);
    QAbstractBarSeries *series = horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                                            : static_cast<QAbstractBarSeries *>(new QBarSeries);
    series->append(set);
    series->setBarWidth(0.6);
    chart->addSeries(series);

    auto *categories = new QBarCategoryAxis;
    categories->append(labels);
    categories->setTitleText(table.categoryTitle);
    // Many longer labels under vertical bars only fit slanted.
    if (!horizontal && labels.size() > kStraightLabels && longestLabel(labels) > kShortLabel)
        categories->setLabelsAngle(-60);
    QValueAxis *amounts = valueAxis(table);
    chart->addAxis(categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(amounts, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(amounts);
}

void ReportChartView::showPie(QChart *chart, const ReportTable &table)
{
    auto *series = new QPieSeries;
    double sum = 0;
    for (double value : table.chartValues)
        sum += std::max(0.0, value);
    for (qsizetype i = 0; i < table.chartValues.size(); ++i) {
        const double value = std::max(0.0, table.chartValues.at(i));
        const double share = sum > 0 ? 100.0 * value / sum : 0.0;
        QPieSlice *slice = series->append(
            u"%1: %2 %"_s.arg(table.chartLabels.value(i), QLocale().toString(share, 'f', 0)), value);
        slice->setLabelVisible(true);
    }
    series->setPieSize(0.6);
    chart->addSeries(series);
}

} // namespace sk
