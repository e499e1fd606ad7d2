#include "reports/ReportsPage.h"

#include "auth/Permissions.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "inventory/LowStock.h"
#include "reports/ReportChartView.h"
#include "reports/ReportExport.h"
#include "reports/ReportRangeBar.h"
#include "reports/ReportService.h"
#include "reports/SalesReportCsv.h"
#include "reports/ReportTableBuilder.h"
#include "reports/ReportTableModel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QCoro/QCoroFuture>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Enough for a shop's best sellers on one screen; the CLI gives more.
constexpr int kTopProducts = 50;

} // namespace

ReportsPage::ReportsPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_seesWholeShop(isAllowed(session.role, Permission::ViewAllReports) && !session.vendorId.has_value()),
      m_rangeBar(new ReportRangeBar(this)),
      m_picker(new QComboBox(this)),
      m_stepLabel(new QLabel(tr("&By:"), this)),
      m_stepPicker(new QComboBox(this)),
      m_csvButton(new QPushButton(tr("Export &CSV…"), this)),
      m_pdfButton(new QPushButton(tr("Export P&DF…"), this)),
      m_feedback(new InlineMessage(this)),
      m_splitter(new QSplitter(Qt::Vertical, this)),
      m_chart(new ReportChartView(this)),
      m_table(new QTableView(this)),
      m_model(new ReportTableModel(this))
{
    for (Report report : availableReports())
        m_picker->addItem(reportTitle(report), int(report));
    m_picker->setAccessibleName(tr("Report"));
    m_stepPicker->addItem(tr("Day"), int(ReportGrouping::Day));
    m_stepPicker->addItem(tr("Week"), int(ReportGrouping::Week));
    m_stepPicker->addItem(tr("Month"), int(ReportGrouping::Month));
    m_stepLabel->setBuddy(m_stepPicker);
    auto *pickerLabel = new QLabel(tr("&Report:"), this);
    pickerLabel->setBuddy(m_picker);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setAccessibleName(tr("Report figures"));

    m_splitter->addWidget(m_chart);
    m_splitter->addWidget(m_table);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *controls = new QHBoxLayout;
    controls->addWidget(pickerLabel);
    controls->addWidget(m_picker);
    controls->addWidget(m_stepLabel);
    controls->addWidget(m_stepPicker);
    controls->addStretch(1);
    controls->addWidget(m_csvButton);
    controls->addWidget(m_pdfButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(tr("Reports"),
                                     m_seesWholeShop
                                         ? tr("The shop's sales, refunds, tax and stock over the business days you pick.")
                                         : tr("The sales of your products over the business days you pick."),
                                     this));
    layout->addWidget(m_rangeBar);
    layout->addLayout(controls);
    layout->addWidget(m_feedback);
    layout->addWidget(m_splitter, 1);

    setTabOrder(m_rangeBar->toEdit(), m_picker);
    setTabOrder(m_picker, m_stepPicker);
    setTabOrder(m_stepPicker, m_csvButton);
    setTabOrder(m_csvButton, m_pdfButton);
    setTabOrder(m_pdfButton, m_table);

    connect(m_picker, &QComboBox::activated, this,
            [this](int index) { setReport(Report(m_picker->itemData(index).toInt())); });
    connect(m_stepPicker, &QComboBox::activated, this,
            [this](int index) { setTimeStep(ReportGrouping(m_stepPicker->itemData(index).toInt())); });
    connect(m_rangeBar, &ReportRangeBar::rangeChanged, this, [this] {
        if (m_started && usesRange())
            reload();
    });
    connect(m_csvButton, &QPushButton::clicked, this, &ReportsPage::chooseCsvFile);
    connect(m_pdfButton, &QPushButton::clicked, this, &ReportsPage::choosePdfFile);
    m_stepLabel->setVisible(isOverTime());
    m_stepPicker->setVisible(isOverTime());
}

QList<ReportsPage::Report> ReportsPage::availableReports() const
{
    QList<Report> reports{Report::SalesOverTime, Report::ByCategory};
    // Vendors, clerks and tenders are the shop's, not a vendor's.
    if (m_seesWholeShop)
        reports << Report::ByVendor << Report::ByClerk << Report::ByTender;
    reports << Report::TopProducts << Report::Refunds << Report::Tax << Report::Discounts << Report::InventoryValue;
    if (isAllowed(m_session.role, Permission::ViewInventory))
        reports << Report::LowStock;
    return reports;
}

QString ReportsPage::reportTitle(Report report) const
{
    switch (report) {
    case Report::SalesOverTime:
        return tr("Sales over time");
    case Report::ByCategory:
        return tr("Sales by category");
    case Report::ByVendor:
        return tr("Sales by vendor");
    case Report::ByClerk:
        return tr("Sales by clerk");
    case Report::ByTender:
        return tr("Payments by tender");
    case Report::TopProducts:
        return tr("Top products");
    case Report::Refunds:
        return tr("Refunds");
    case Report::Tax:
        return tr("Tax");
    case Report::Discounts:
        return tr("Discounts");
    case Report::InventoryValue:
        return tr("Inventory value");
    case Report::LowStock:
        return tr("Low stock");
    }
    return {};
}

bool ReportsPage::isOverTime() const
{
    return m_report == Report::SalesOverTime || m_report == Report::Refunds || m_report == Report::Tax
        || m_report == Report::Discounts;
}

bool ReportsPage::usesRange() const
{
    return m_report != Report::InventoryValue && m_report != Report::LowStock;
}

void ReportsPage::setReport(Report report)
{
    if (!availableReports().contains(report))
        return;
    m_report = report;
    m_picker->setCurrentIndex(m_picker->findData(int(report)));
    m_stepLabel->setVisible(isOverTime());
    m_stepPicker->setVisible(isOverTime());
    m_rangeBar->setEnabled(usesRange());
    if (m_started)
        reload();
}

void ReportsPage::setTimeStep(ReportGrouping step)
{
    m_timeStep = step;
    m_stepPicker->setCurrentIndex(m_stepPicker->findData(int(step)));
    if (m_started && isOverTime())
        reload();
}

void ReportsPage::setRange(ReportRange range)
{
    m_rangeBar->setRange(range);
}

QString ReportsPage::feedback() const
{
    return m_feedback->text();
}

void ReportsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
}

void ReportsPage::start()
{
    if (m_started)
        return;
    m_started = true;
    reload();
}

void ReportsPage::reload()
{
    load();
}

QCoro::Task<> ReportsPage::load()
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    m_csvButton->setEnabled(false);
    m_pdfButton->setEnabled(false);
    const ReportRange range = m_rangeBar->range();
    if (usesRange() && (!range.from.isValid() || !range.to.isValid() || range.from > range.to)) {
        showError(tr("The first day is after the last day. Pick a first day on or before the last."));
        co_return;
    }
    if (m_report == Report::InventoryValue)
        co_await loadInventoryValue(generation);
    else if (m_report == Report::LowStock)
        co_await loadLowStock(generation);
    else
        co_await loadSales(generation, range);
}

QCoro::Task<> ReportsPage::loadSales(quint64 generation, ReportRange range)
{
    QPointer<ReportsPage> guard(this);
    ReportTableBuilder::SalesView view = ReportTableBuilder::SalesView::Sales;
    ReportGrouping grouping = m_timeStep;
    switch (m_report) {
    case Report::ByCategory:
        grouping = ReportGrouping::Category;
        break;
    case Report::ByVendor:
        grouping = ReportGrouping::Vendor;
        break;
    case Report::ByClerk:
        grouping = ReportGrouping::Clerk;
        break;
    case Report::ByTender:
        grouping = ReportGrouping::Tender;
        break;
    case Report::TopProducts:
        grouping = ReportGrouping::Product;
        break;
    case Report::Refunds:
        view = ReportTableBuilder::SalesView::Refunds;
        break;
    case Report::Tax:
        view = ReportTableBuilder::SalesView::Tax;
        break;
    case Report::Discounts:
        view = ReportTableBuilder::SalesView::Discounts;
        break;
    default:
        break;
    }
    const QFuture<Result<SalesReport>> pending =
        m_report == Report::TopProducts ? m_services.reports->topProducts(m_session, range, kTopProducts)
                                        : m_services.reports->sales(m_session, range, grouping);
    const Result<SalesReport> report = co_await pending;
    if (!guard || generation != m_generation)
        co_return;
    if (!report) {
        showError(report.error().message);
        co_return;
    }
    m_sales = report.value();
    showTable(ReportTableBuilder::sales(report.value(), view));
}

QCoro::Task<> ReportsPage::loadInventoryValue(quint64 generation)
{
    QPointer<ReportsPage> guard(this);
    const QFuture<Result<InventoryValueReport>> pending = m_services.reports->inventoryValue(m_session);
    const Result<InventoryValueReport> report = co_await pending;
    if (!guard || generation != m_generation)
        co_return;
    if (!report) {
        showError(report.error().message);
        co_return;
    }
    m_sales.reset();
    showTable(ReportTableBuilder::inventoryValue(report.value()));
}

QCoro::Task<> ReportsPage::loadLowStock(quint64 generation)
{
    QPointer<ReportsPage> guard(this);
    const QFuture<Result<LowStockPage>> pending =
        m_services.lowStock->page(m_session, LowStockQuery{}, std::nullopt, LowStock::kMaxPageSize);
    const Result<LowStockPage> page = co_await pending;
    if (!guard || generation != m_generation)
        co_return;
    if (!page) {
        showError(page.error().message);
        co_return;
    }
    m_sales.reset();
    ReportTable table = ReportTableBuilder::lowStock(page.value());
    if (page->next)
        m_feedback->showInformation(tr("The first %1 items to reorder, emptiest first. The Inventory page lists "
                                       "and exports them all.")
                                        .arg(LowStock::kMaxPageSize));
    showTable(table);
}

QString ReportsPage::rangeText() const
{
    if (!usesRange())
        return tr("Stock on hand now");
    const ReportRange range = m_rangeBar->range();
    return tr("%1 to %2").arg(QLocale().toString(range.from, QLocale::ShortFormat),
                              QLocale().toString(range.to, QLocale::ShortFormat));
}

void ReportsPage::showTable(const ReportTable &shown)
{
    ReportTable table = shown;
    table.title = usesRange() ? tr("%1, %2").arg(reportTitle(m_report), rangeText()) : reportTitle(m_report);
    if (m_report != Report::LowStock)
        m_feedback->clear();
    if (table.rows.isEmpty() && usesRange())
        m_feedback->showInformation(tr("No sales or refunds in this range. Pick another range above."));
    m_model->setTable(table);
    // Names take the room left over; the figures stay next to each other.
    if (m_model->columnCount() > 0)
        m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_chart->setTable(table);
    m_chart->setVisible(table.chart != ReportTable::Chart::None);
    m_csvButton->setEnabled(true);
    m_pdfButton->setEnabled(true);
    finishLoading();
}

void ReportsPage::showError(const QString &message)
{
    m_sales.reset();
    m_model->setTable({});
    m_chart->setTable({});
    m_feedback->showError(message);
    finishLoading();
}

void ReportsPage::finishLoading()
{
    m_loading = false;
    emit reportShown();
    if (!m_loaded) {
        m_loaded = true;
        emit loaded();
    }
}

Status ReportsPage::exportCsv(const QString &path) const
{
    // Sales reports keep the command line's columns, so a spreadsheet built on
    // one reads the other.
    const QByteArray bytes = m_sales ? SalesReportCsv::write(*m_sales) : ReportExport::tableCsv(m_model->table());
    return ReportExport::writeFile(path, bytes);
}

Status ReportsPage::exportPdf(const QString &path) const
{
    QPixmap chart;
    if (m_model->table().chart != ReportTable::Chart::None) {
        // Three device pixels per screen pixel: print is sharper than a screen.
        constexpr qreal kPrintScale = 3;
        chart = QPixmap(m_chart->size() * kPrintScale);
        chart.setDevicePixelRatio(kPrintScale);
        chart.fill(Qt::white);
        // QWidget::render: the whole view as drawn, not QGraphicsView::render of the scene.
        static_cast<QWidget *>(m_chart)->render(&chart);
    }
    return ReportExport::writePdf(path, reportTitle(m_report), rangeText(), chart, m_model->table());
}

QString ReportsPage::suggestedFileName(const QString &suffix) const
{
    QString name = reportTitle(m_report).toLower().replace(u' ', u'-');
    if (usesRange()) {
        const ReportRange range = m_rangeBar->range();
        name += u'-' + range.from.toString(Qt::ISODate) + u'-' + range.to.toString(Qt::ISODate);
    }
    return QDir::home().filePath(name + suffix);
}

void ReportsPage::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), suggestedFileName(u".csv"_s),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const Status written = exportCsv(path); !written)
        m_feedback->showError(written.error().message);
    else
        m_feedback->showInformation(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
}

void ReportsPage::choosePdfFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export PDF"), suggestedFileName(u".pdf"_s),
                                                      tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    if (const Status written = exportPdf(path); !written)
        m_feedback->showError(written.error().message);
    else
        m_feedback->showInformation(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
}

} // namespace sk
