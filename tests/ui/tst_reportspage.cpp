// The Reports page over sales made through the register's services: the
// figures of every report equal ReportService's, switching reports and the
// Day/Week/Month step, the range presets, a vendor's narrower choice, a
// range the wrong way round, and both exports (the CSV byte for byte in the
// command line's columns, the PDF written and non-empty).

#include "../services/tst_report_fixture.h"
#include "UiTestShop.h"
#include "common/InlineMessage.h"
#include "inventory/LowStock.h"
#include "reports/ReportChartView.h"
#include "reports/ReportRangeBar.h"
#include "reports/ReportService.h"
#include "reports/ReportTableModel.h"
#include "reports/ReportsPage.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

class TestReportsPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void salesOverTimeEqualTheService();
    void everyReportShowsTheServicesFigures();
    void timeStepRegroups();
    void presetsFillTheDates();
    void vendorsSeeTheirOwnProductsOnly();
    void rangeTheWrongWayRoundIsRefused();
    void exportsCsvInTheCommandLinesColumns();
    void exportsPdf();

private:
    bool openPage(const Session &session);
    bool waitForReport();
    SalesReport serviceReport(const Session &session, ReportGrouping grouping);
    QStringList rowCells(int row) const;

    test::ReportFixture m_r;
    Services m_services;
    std::unique_ptr<ReportsPage> m_page;
    ReportRange m_today;
};

void TestReportsPage::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestReportsPage::init()
{
    QVERIFY(m_r.setUp());
    m_services = Services::create(m_r.m_f.m_db, test::cheapHasher());
    const qint64 first = m_r.sell({{u"OX-1"_s, 2}, {u"MUG-1"_s, 1}});
    QVERIFY(first > 0);
    QVERIFY(m_r.sell({{u"GYO-1"_s, 3}}, u"card"_s) > 0);
    QVERIFY(m_r.sell({{u"OX-1"_s, 1}, {u"GYO-1"_s, 1}}) > 0);
    const Result<ReturnResult> returned = m_r.giveBack(first, {{m_r.itemOf(first, m_r.m_shirt), 1}});
    QVERIFY2(returned.ok(), qPrintable(test::why(returned)));
    m_today = {QDate::currentDate(), QDate::currentDate()};
}

void TestReportsPage::cleanup()
{
    m_page.reset();
    m_services = {};
    m_r.tearDown();
}

bool TestReportsPage::openPage(const Session &session)
{
    m_page = std::make_unique<ReportsPage>(m_services, session);
    m_page->resize(1100, 760);
    m_page->setRange(m_today);
    QSignalSpy loaded(m_page.get(), &ReportsPage::loaded);
    m_page->show();
    return loaded.wait(10000) || m_page->hasLoaded();
}

bool TestReportsPage::waitForReport()
{
    return QTest::qWaitFor([this] { return !m_page->isLoading(); }, 10000);
}

SalesReport TestReportsPage::serviceReport(const Session &session, ReportGrouping grouping)
{
    const Result<SalesReport> report = Database::wait(m_services.reports->sales(session, m_today, grouping));
    if (!report)
        qWarning() << test::why(report);
    return report.ok() ? report.value() : SalesReport{};
}

QStringList TestReportsPage::rowCells(int row) const
{
    QStringList cells;
    const ReportTableModel *model = m_page->tableModel();
    for (int column = 0; column < model->columnCount(); ++column)
        cells.append(model->index(row, column).data().toString());
    return cells;
}

void TestReportsPage::salesOverTimeEqualTheService()
{
    QVERIFY(openPage(m_r.m_f.m_admin));
    QCOMPARE(m_page->report(), ReportsPage::Report::SalesOverTime);
    QVERIFY2(m_page->feedback().isEmpty(), qPrintable(m_page->feedback()));
    const SalesReport expected = serviceReport(m_r.m_f.m_admin, ReportGrouping::Day);
    QCOMPARE(expected.rows.size(), 1);
    const ReportTableModel *model = m_page->tableModel();
    QCOMPARE(model->rowCount(), 2); // today and the totals row
    QCOMPARE(model->headerData(3, Qt::Horizontal).toString(), u"Net"_s);
    const SalesReportRow &day = expected.rows.first();
    QCOMPARE(rowCells(0).mid(1),
             (QStringList{QString::number(day.orders), QString::number(day.units), day.net.toString(),
                          day.discount.toString(), day.tax.toString(), day.total.toString(), day.refunds.toString(),
                          day.netAfterRefunds.toString()}));
    QVERIFY(model->isTotalsRow(1));
    QCOMPARE(rowCells(1).at(0), u"Total"_s);
    QCOMPARE(rowCells(1).at(8), expected.totals.netAfterRefunds.toString());
    QCOMPARE(model->index(1, 3).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    // 3 sales: 2 x 19.99 + 10.00, 3 x 4.35, 19.99 + 4.35; a shirt came back.
    QCOMPARE(day.orders, 3);
    QCOMPARE(day.units, 8);
    QCOMPARE(day.net.minorUnits(), 2 * 1999 + 1000 + 3 * 435 + 1999 + 435);
    QVERIFY(day.refunds.minorUnits() > 0);
    QVERIFY(m_page->chartView()->isVisible());
    QCOMPARE(m_page->chartView()->valueCount(), 1);
    test::saveScreenshotIfWanted(m_page.get(), u"reports-sales-over-time"_s);
}

void TestReportsPage::everyReportShowsTheServicesFigures()
{
    QVERIFY(openPage(m_r.m_f.m_admin));
    const QList<ReportsPage::Report> reports = m_page->availableReports();
    QCOMPARE(reports.size(), 11);
    QCOMPARE(m_page->reportPicker()->count(), 11);
    for (ReportsPage::Report report : reports) {
        m_page->setReport(report);
        QVERIFY(waitForReport());
        QVERIFY2(m_page->feedback().isEmpty() || report == ReportsPage::Report::LowStock,
                 qPrintable(m_page->feedback()));
        QCOMPARE(m_page->reportPicker()->currentData().toInt(), int(report));
        const bool overTime = report == ReportsPage::Report::SalesOverTime || report == ReportsPage::Report::Refunds
                           || report == ReportsPage::Report::Tax || report == ReportsPage::Report::Discounts;
        QCOMPARE(m_page->timeStepPicker()->isVisible(), overTime);
    }

    m_page->setReport(ReportsPage::Report::ByCategory);
    QVERIFY(waitForReport());
    const SalesReport categories = serviceReport(m_r.m_f.m_admin, ReportGrouping::Category);
    QCOMPARE(m_page->tableModel()->rowCount(), categories.rows.size() + 1);
    for (int row = 0; row < categories.rows.size(); ++row) {
        QCOMPARE(rowCells(row).at(0), categories.rows.at(row).label);
        QCOMPARE(rowCells(row).at(2), categories.rows.at(row).net.toString());
    }
    // Orders are not split by category: no column of zeros.
    QCOMPARE(m_page->tableModel()->headerData(1, Qt::Horizontal).toString(), u"Units"_s);
    QCOMPARE(rowCells(int(categories.rows.size())).at(2), categories.totals.net.toString());
    QCOMPARE(m_page->chartView()->valueCount(), categories.rows.size());
    test::saveScreenshotIfWanted(m_page.get(), u"reports-by-category"_s);

    m_page->setReport(ReportsPage::Report::ByTender);
    QVERIFY(waitForReport());
    const SalesReport tenders = serviceReport(m_r.m_f.m_admin, ReportGrouping::Tender);
    QCOMPARE(tenders.rows.size(), 2); // cash and card
    QCOMPARE(m_page->tableModel()->rowCount(), 3);
    QCOMPARE(m_page->tableModel()->headerData(2, Qt::Horizontal).toString(), u"Taken"_s);
    for (int row = 0; row < tenders.rows.size(); ++row) {
        QCOMPARE(rowCells(row).at(1), QString::number(tenders.rows.at(row).orders));
        QCOMPARE(rowCells(row).at(2), tenders.rows.at(row).total.toString());
    }
    QCOMPARE(m_page->chartView()->valueCount(), 2);
    test::saveScreenshotIfWanted(m_page.get(), u"reports-tenders"_s);

    m_page->setReport(ReportsPage::Report::TopProducts);
    QVERIFY(waitForReport());
    const Result<SalesReport> top = Database::wait(m_services.reports->topProducts(m_r.m_f.m_admin, m_today, 50));
    QVERIFY(top.ok());
    QCOMPARE(m_page->tableModel()->rowCount(), top->rows.size() + 1);
    QCOMPARE(rowCells(0).at(0), top->rows.first().label);
    test::saveScreenshotIfWanted(m_page.get(), u"reports-top-products"_s);

    m_page->setReport(ReportsPage::Report::Refunds);
    QVERIFY(waitForReport());
    const SalesReport days = serviceReport(m_r.m_f.m_admin, ReportGrouping::Day);
    QCOMPARE(m_page->tableModel()->headerData(3, Qt::Horizontal).toString(), u"Refunds"_s);
    QCOMPARE(rowCells(0).at(2), QString::number(days.rows.first().refundedUnits));
    QCOMPARE(rowCells(0).at(3), days.rows.first().refunds.toString());
    QCOMPARE(rowCells(0).at(4), days.rows.first().refundTax.toString());

    m_page->setReport(ReportsPage::Report::Tax);
    QVERIFY(waitForReport());
    QCOMPARE(rowCells(0).at(2), days.rows.first().tax.toString());
    QCOMPARE(rowCells(0).at(4), (days.rows.first().tax - days.rows.first().refundTax).toString());

    m_page->setReport(ReportsPage::Report::Discounts);
    QVERIFY(waitForReport());
    QCOMPARE(rowCells(0).at(2), days.rows.first().discount.toString());
    QCOMPARE(rowCells(0).at(3), days.rows.first().net.toString());

    m_page->setReport(ReportsPage::Report::InventoryValue);
    QVERIFY(waitForReport());
    const Result<InventoryValueReport> value = Database::wait(m_services.reports->inventoryValue(m_r.m_f.m_admin));
    QVERIFY(value.ok());
    QCOMPARE(m_page->tableModel()->rowCount(), value->rows.size() + 1);
    QCOMPARE(rowCells(int(value->rows.size())).at(4), value->totals.retailValue.toString());
    QVERIFY(!m_page->rangeBar()->isEnabled());
    test::saveScreenshotIfWanted(m_page.get(), u"reports-inventory-value"_s);

    m_page->setReport(ReportsPage::Report::LowStock);
    QVERIFY(waitForReport());
    const Result<LowStockPage> low =
        Database::wait(m_services.lowStock->page(m_r.m_f.m_admin, {}, std::nullopt, LowStock::kMaxPageSize));
    QVERIFY(low.ok());
    QCOMPARE(m_page->tableModel()->rowCount(), low->lines.size());
    QVERIFY(!m_page->chartView()->isVisible());
}

void TestReportsPage::timeStepRegroups()
{
    QVERIFY(openPage(m_r.m_f.m_admin));
    m_page->setTimeStep(ReportGrouping::Month);
    QVERIFY(waitForReport());
    QVERIFY(m_page->salesReport().has_value());
    QCOMPARE(m_page->salesReport()->grouping, ReportGrouping::Month);
    const SalesReport months = serviceReport(m_r.m_f.m_admin, ReportGrouping::Month);
    QCOMPARE(rowCells(0).at(0), months.rows.first().label);
    QCOMPARE(rowCells(0).at(6), months.rows.first().total.toString());
    m_page->setTimeStep(ReportGrouping::Week);
    QVERIFY(waitForReport());
    QCOMPARE(m_page->salesReport()->grouping, ReportGrouping::Week);
    QCOMPARE(m_page->timeStepPicker()->currentData().toInt(), int(ReportGrouping::Week));
}

void TestReportsPage::presetsFillTheDates()
{
    const QDate day(2026, 3, 18);
    using Preset = ReportRangeBar::Preset;
    auto range = [&](Preset preset) { return ReportRangeBar::presetRange(preset, day); };
    QCOMPARE(range(Preset::Today).from, day);
    QCOMPARE(range(Preset::Last7Days).from, QDate(2026, 3, 12));
    QCOMPARE(range(Preset::ThisMonth).from, QDate(2026, 3, 1));
    QCOMPARE(range(Preset::LastMonth).from, QDate(2026, 2, 1));
    QCOMPARE(range(Preset::LastMonth).to, QDate(2026, 2, 28));
    QCOMPARE(range(Preset::ThisYear).from, QDate(2026, 1, 1));
    QCOMPARE(range(Preset::ThisYear).to, day);

    QVERIFY(openPage(m_r.m_f.m_admin));
    ReportRangeBar *bar = m_page->rangeBar();
    // Reachable from the keyboard: Tab stops, and labels whose mnemonics lead there.
    for (QWidget *control : QList<QWidget *>{bar->presetBox(), bar->fromEdit(), bar->toEdit(),
                                             m_page->reportPicker(), m_page->timeStepPicker()})
        QVERIFY(control->focusPolicy() & Qt::TabFocus);
    const QList<QLabel *> labels = m_page->findChildren<QLabel *>();
    for (QWidget *control : QList<QWidget *>{bar->presetBox(), bar->fromEdit(), bar->toEdit()})
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [control](const QLabel *label) {
            return label->buddy() == control && label->text().contains(u'&');
        }));
    bar->applyPreset(Preset::Last7Days);
    QVERIFY(waitForReport());
    QCOMPARE(bar->fromEdit()->date(), QDate::currentDate().addDays(-6));
    QCOMPARE(m_page->salesReport()->range.from, QDate::currentDate().addDays(-6));
    bar->fromEdit()->setDate(QDate::currentDate().addDays(-2));
    QCOMPARE(bar->presetBox()->currentText(), u"Custom range"_s);
    QVERIFY(waitForReport());
    QCOMPARE(m_page->salesReport()->range.from, QDate::currentDate().addDays(-2));
}

void TestReportsPage::vendorsSeeTheirOwnProductsOnly()
{
    QVERIFY(openPage(m_r.m_f.m_vendor));
    const QList<ReportsPage::Report> reports = m_page->availableReports();
    QVERIFY(!reports.contains(ReportsPage::Report::ByClerk));
    QVERIFY(!reports.contains(ReportsPage::Report::ByTender));
    QVERIFY(!reports.contains(ReportsPage::Report::ByVendor));
    QCOMPARE(m_page->reportPicker()->findData(int(ReportsPage::Report::ByTender)), -1);
    QVERIFY2(m_page->feedback().isEmpty(), qPrintable(m_page->feedback()));
    const SalesReport expected = serviceReport(m_r.m_f.m_vendor, ReportGrouping::Day);
    // The vendor's tea only: 3 + 1 tins.
    QCOMPARE(expected.totals.units, 4);
    QCOMPARE(rowCells(1).at(2), u"4"_s);
    QCOMPARE(rowCells(1).at(3), expected.totals.net.toString());
    m_page->setReport(ReportsPage::Report::ByTender);
    QCOMPARE(m_page->report(), ReportsPage::Report::SalesOverTime);
}

void TestReportsPage::rangeTheWrongWayRoundIsRefused()
{
    QVERIFY(openPage(m_r.m_f.m_admin));
    m_page->setRange({QDate::currentDate(), QDate::currentDate().addDays(-3)});
    QVERIFY(waitForReport());
    QVERIFY(m_page->feedback().contains(u"first day is after the last day"_s));
    QCOMPARE(m_page->tableModel()->rowCount(), 0);
    QVERIFY(!m_page->salesReport().has_value());
    m_page->setRange(m_today);
    QVERIFY(waitForReport());
    QVERIFY(m_page->feedback().isEmpty());
    QCOMPARE(m_page->tableModel()->rowCount(), 2);
}

void TestReportsPage::exportsCsvInTheCommandLinesColumns()
{
    QVERIFY(openPage(m_r.m_f.m_admin));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sales.csv"_s);
    QVERIFY(m_page->exportCsv(path).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u"\r\n"_s, Qt::SkipEmptyParts);
    file.close();
    const SalesReport expected = serviceReport(m_r.m_f.m_admin, ReportGrouping::Day);
    const SalesReportRow &day = expected.rows.first();
    const SalesReportRow &totals = expected.totals;
    auto line = [](const SalesReportRow &row) {
        return QStringList{row.key,
                           row.label,
                           QString::number(row.orders),
                           QString::number(row.units),
                           row.net.toDecimalString(),
                           row.discount.toDecimalString(),
                           row.tax.toDecimalString(),
                           row.shipping.toDecimalString(),
                           row.total.toDecimalString(),
                           QString::number(row.refundedUnits),
                           row.refunds.toDecimalString(),
                           row.refundTax.toDecimalString(),
                           row.netAfterRefunds.toDecimalString()}
            .join(u',');
    };
    QCOMPARE(lines,
             (QStringList{u"key,label,orders,units,net,discount,tax,shipping,total,refunded_units,refunds,refund_tax,"
                          "net_after_refunds"_s,
                          line(day), line(totals)}));
    QVERIFY(lines.at(1).startsWith(QDate::currentDate().toString(Qt::ISODate)));

    // Inventory value has no sales rows: its table as shown.
    m_page->setReport(ReportsPage::Report::InventoryValue);
    QVERIFY(waitForReport());
    QVERIFY(m_page->exportCsv(path).ok());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readLine().startsWith("Category,Variants,Units,At cost"));
    file.close();

    // A folder that does not exist: a sentence, no file.
    const Status refused = m_page->exportCsv(dir.filePath(u"missing/sales.csv"_s));
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(u"Choose another folder"_s));
    QVERIFY(!QFile::exists(dir.filePath(u"missing/sales.csv"_s)));
}

void TestReportsPage::exportsPdf()
{
    QVERIFY(openPage(m_r.m_f.m_admin));
    m_page->setReport(ReportsPage::Report::ByCategory);
    QVERIFY(waitForReport());
    QTemporaryDir dir;
    const QString path = dir.filePath(u"categories.pdf"_s);
    const Status written = m_page->exportPdf(path);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QVERIFY2(bytes.size() > 5000, QByteArray::number(bytes.size()).constData());
    if (const QString shots = screenshotDirFromEnvironment(); !shots.isEmpty()) {
        QFile::remove(shots + u"/reports-by-category.pdf"_s);
        QVERIFY(QFile::copy(path, shots + u"/reports-by-category.pdf"_s));
    }
}

QTEST_MAIN(TestReportsPage)
#include "tst_reportspage.moc"
