#include "reports/ReportTableBuilder.h"

#include "inventory/LowStock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// For the chart only: the table and the exports keep exact minor units.
double majorUnits(const Money &money)
{
    return double(money.minorUnits()) / std::pow(10.0, Money::minorUnitDigits(money.currency()));
}

QString money(const Money &amount)
{
    return amount.toString(QLocale());
}

QString count(qint64 value)
{
    return QLocale().toString(value);
}

bool isTimeGrouping(ReportGrouping grouping)
{
    return grouping == ReportGrouping::Day || grouping == ReportGrouping::Week || grouping == ReportGrouping::Month;
}

QString rowLabel(const SalesReportRow &row, ReportGrouping grouping)
{
    if (grouping == ReportGrouping::Day && row.periodStart.isValid())
        return QLocale().toString(row.periodStart, QLocale::ShortFormat);
    return row.label.isEmpty() ? row.key : row.label;
}

// Bars over time carry labels short enough to stand under a bar at the
// page's size ("26" for a day, "Nov 23" for a week, "Nov" for a month); the
// axis title says what they leave out ("November 2026").
void labelPeriods(const SalesReport &report, ReportTable &table)
{
    const QLocale locale;
    const QDate first = report.rows.isEmpty() ? QDate() : report.rows.constFirst().periodStart;
    const QDate last = report.rows.isEmpty() ? QDate() : report.rows.constLast().periodStart;
    const bool oneYear = first.year() == last.year();
    QString format;
    switch (report.grouping) {
    case ReportGrouping::Day:
        format = u"d"_s;
        if (first.year() == last.year() && first.month() == last.month())
            table.categoryTitle = locale.toString(first, u"MMMM yyyy"_s);
        else
            table.categoryTitle = QCoreApplication::translate("ReportTableBuilder", "%1 to %2")
                                      .arg(locale.toString(first, oneYear ? u"MMMM"_s : u"MMMM yyyy"_s),
                                           locale.toString(last, u"MMMM yyyy"_s));
        break;
    case ReportGrouping::Week:
        format = u"MMM d"_s;
        table.categoryTitle = oneYear ? QCoreApplication::translate("ReportTableBuilder", "Weeks of %1, by their "
                                                                                          "first day")
                                            .arg(first.year())
                                      : QCoreApplication::translate("ReportTableBuilder", "Weeks, by their first day");
        if (!oneYear)
            format = u"MMM d yy"_s;
        break;
    default:
        format = oneYear ? u"MMM"_s : u"MMM yyyy"_s;
        if (oneYear)
            table.categoryTitle = QString::number(first.year());
        break;
    }
    for (const SalesReportRow &row : report.rows)
        table.chartLabels.append(row.periodStart.isValid() ? locale.toString(row.periodStart, format) : row.label);
}

QString firstHeader(ReportGrouping grouping)
{
    switch (grouping) {
    case ReportGrouping::Category:
        return QCoreApplication::translate("ReportTableBuilder", "Category");
    case ReportGrouping::Vendor:
        return QCoreApplication::translate("ReportTableBuilder", "Vendor");
    case ReportGrouping::Clerk:
        return QCoreApplication::translate("ReportTableBuilder", "Clerk");
    case ReportGrouping::Tender:
        return QCoreApplication::translate("ReportTableBuilder", "Tender");
    case ReportGrouping::Channel:
        return QCoreApplication::translate("ReportTableBuilder", "Channel");
    case ReportGrouping::Product:
        return QCoreApplication::translate("ReportTableBuilder", "Product");
    default:
        return QCoreApplication::translate("ReportTableBuilder", "Period");
    }
}

} // namespace

ReportTable ReportTableBuilder::sales(const SalesReport &report, SalesView view)
{
    ReportTable table;
    const bool overTime = isTimeGrouping(report.grouping);
    const QString first = firstHeader(report.grouping);
    // Orders are not split by category, vendor or product (docs/reports.md):
    // a column of zeros would only mislead.
    const bool countsOrders = report.grouping != ReportGrouping::Category
                           && report.grouping != ReportGrouping::Vendor && report.grouping != ReportGrouping::Product;
    const QString currency = report.currency;
    switch (view) {
    case SalesView::Sales:
        table.headers = {first,       tr("Orders"), tr("Units"),   tr("Net"),
                         tr("Discount"), tr("Tax"), tr("Total"),   tr("Refunds"), tr("Net after refunds")};
        table.valueTitle = tr("Net (%1)").arg(currency);
        break;
    case SalesView::Refunds:
        table.headers = {first, tr("Total"), tr("Refunded units"), tr("Refunds"), tr("Refund tax"),
                         tr("Net after refunds")};
        table.valueTitle = tr("Refunds (%1)").arg(currency);
        break;
    case SalesView::Tax:
        table.headers = {first, tr("Net"), tr("Tax"), tr("Refund tax"), tr("Tax after refunds")};
        table.valueTitle = tr("Tax (%1)").arg(currency);
        break;
    case SalesView::Discounts:
        table.headers = {first, tr("Before discounts"), tr("Discount"), tr("Net")};
        table.valueTitle = tr("Discount (%1)").arg(currency);
        break;
    }
    if (report.grouping == ReportGrouping::Tender && view == SalesView::Sales) {
        // A tender row counts payments and money moved (docs/reports.md).
        table.headers = {first, tr("Payments"), tr("Taken"), tr("Refunds"), tr("Kept")};
        table.valueTitle = tr("Taken (%1)").arg(currency);
    }
    if (!countsOrders && view == SalesView::Sales)
        table.headers.removeAt(1);
    table.rightAligned = QList<bool>(table.headers.size(), true);
    table.rightAligned[0] = false;

    auto cells = [&](const SalesReportRow &row, const QString &label) -> QStringList {
        if (report.grouping == ReportGrouping::Tender && view == SalesView::Sales)
            return {label, count(row.orders), money(row.total), money(row.refunds), money(row.netAfterRefunds)};
        switch (view) {
        case SalesView::Sales: {
            QStringList cells{label,          count(row.orders), count(row.units), money(row.net),
                              money(row.discount), money(row.tax), money(row.total),  money(row.refunds),
                              money(row.netAfterRefunds)};
            if (!countsOrders)
                cells.removeAt(1);
            return cells;
        }
        case SalesView::Refunds:
            return {label, money(row.total), count(row.refundedUnits), money(row.refunds), money(row.refundTax),
                    money(row.netAfterRefunds)};
        case SalesView::Tax:
            return {label, money(row.net), money(row.tax), money(row.refundTax), money(row.tax - row.refundTax)};
        case SalesView::Discounts:
            return {label, money(row.net + row.discount), money(row.discount), money(row.net)};
        }
        return {};
    };
    auto chartValue = [&](const SalesReportRow &row) -> double {
        if (report.grouping == ReportGrouping::Tender && view == SalesView::Sales)
            return majorUnits(row.total);
        switch (view) {
        case SalesView::Sales:
            return majorUnits(row.net);
        case SalesView::Refunds:
            return majorUnits(row.refunds);
        case SalesView::Tax:
            return majorUnits(row.tax);
        case SalesView::Discounts:
            return majorUnits(row.discount);
        }
        return 0;
    };

    for (const SalesReportRow &row : report.rows)
        table.rows.append(cells(row, rowLabel(row, report.grouping)));
    table.totals = cells(report.totals, tr("Total"));

    if (overTime) {
        // Bars while each day can carry its own label; a line for longer spans.
        table.chart = report.grouping == ReportGrouping::Day && report.rows.size() > kMaxDayBars
                          ? ReportTable::Chart::Line
                          : ReportTable::Chart::Bars;
        table.dateFormat = report.grouping == ReportGrouping::Month ? u"MMM yyyy"_s : u"MMM d"_s;
        labelPeriods(report, table);
        for (const SalesReportRow &row : report.rows) {
            table.chartValues.append(chartValue(row));
            table.chartDays.append(row.periodStart.startOfDay().toMSecsSinceEpoch());
        }
    } else {
        table.chart = report.grouping == ReportGrouping::Tender ? ReportTable::Chart::Pie
                                                                : ReportTable::Chart::HorizontalBars;
        for (const SalesReportRow &row : report.rows) {
            if (table.chartLabels.size() == kMaxChartRows)
                break;
            table.chartLabels.append(rowLabel(row, report.grouping));
            table.chartValues.append(chartValue(row));
        }
    }
    return table;
}

ReportTable ReportTableBuilder::inventoryValue(const InventoryValueReport &report)
{
    ReportTable table;
    table.headers = {tr("Category"), tr("Variants"), tr("Units"), tr("At cost"), tr("At selling price"),
                     tr("Units without cost")};
    table.rightAligned = {false, true, true, true, true, true};
    auto cells = [](const InventoryValueRow &row, const QString &label) -> QStringList {
        return {label,
                count(row.variants),
                count(row.units),
                money(row.costValue),
                money(row.retailValue),
                count(row.unitsWithoutCost)};
    };
    for (const InventoryValueRow &row : report.rows)
        table.rows.append(cells(row, row.category.isEmpty() ? tr("No category") : row.category));
    table.totals = cells(report.totals, tr("Total"));
    table.chart = ReportTable::Chart::HorizontalBars;
    // Stock without a cost would draw as nothing at cost; every item has a price.
    table.valueTitle = tr("At selling price (%1)").arg(report.currency);
    for (const InventoryValueRow &row : report.rows) {
        if (table.chartLabels.size() == kMaxChartRows)
            break;
        table.chartLabels.append(row.category.isEmpty() ? tr("No category") : row.category);
        table.chartValues.append(majorUnits(row.retailValue));
    }
    return table;
}

ReportTable ReportTableBuilder::lowStock(const LowStockPage &page)
{
    ReportTable table;
    table.headers = {tr("Product"),   tr("SKU"),           tr("Location"),        tr("Vendor"),
                     tr("Available"), tr("Reorder level"), tr("Suggested order"), tr("Suggested value")};
    table.rightAligned = {false, false, false, false, true, true, true, true};
    for (const LowStockLine &line : page.lines) {
        const QString product =
            line.options.isEmpty() ? line.productName : u"%1 (%2)"_s.arg(line.productName, line.options);
        table.rows.append({product, line.sku, line.locationName, line.vendorName, count(line.available),
                           count(line.reorderLevel), count(line.suggestedQuantity),
                           line.suggestedValue ? money(*line.suggestedValue) : QString()});
    }
    return table;
}

} // namespace sk
