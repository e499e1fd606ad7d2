#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "core/Result.h"
#include "reports/ReportTable.h"
#include "reports/ReportTypes.h"

#include <QCoro/QCoroTask>
#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

namespace sk {

class InlineMessage;
class ReportChartView;
class ReportRangeBar;
class ReportTableModel;

// The shop's figures over a range of business days (ReportService, read
// from the summary tables off the GUI thread): sales over time by day, week
// or month, by category, vendor, clerk, tender, the top products, refunds,
// tax and discounts, and stock (inventory value, low stock). Each report is
// a chart above a table with a totals row, and exports to CSV (the columns
// of `storekeeper report sales --format csv`) or PDF. A vendor sees their
// own products only, and no vendor, clerk or tender reports.
class ReportsPage : public QWidget {
    Q_OBJECT

public:
    enum class Report {
        SalesOverTime,
        ByCategory,
        ByVendor,
        ByClerk,
        ByTender,
        TopProducts,
        Refunds,
        Tax,
        Discounts,
        InventoryValue,
        LowStock
    };
    Q_ENUM(Report)

    ReportsPage(const Services &services, const Session &session, QWidget *parent = nullptr);

    // The reports this account may pick, in the picker's order.
    QList<Report> availableReports() const;
    Report report() const { return m_report; }
    void setReport(Report report);
    // Day, Week or Month for the reports over time.
    ReportGrouping timeStep() const { return m_timeStep; }
    void setTimeStep(ReportGrouping step);
    void setRange(ReportRange range);

    ReportRangeBar *rangeBar() const { return m_rangeBar; }
    QComboBox *reportPicker() const { return m_picker; }
    QComboBox *timeStepPicker() const { return m_stepPicker; }
    ReportChartView *chartView() const { return m_chart; }
    QTableView *tableView() const { return m_table; }
    ReportTableModel *tableModel() const { return m_model; }
    QString feedback() const;
    // The sales report behind the table, when the report shown is one.
    const std::optional<SalesReport> &salesReport() const { return m_sales; }

    // Starts loading now instead of when first shown.
    void start();
    // True once the first report is shown.
    bool hasLoaded() const { return m_loaded; }
    bool isLoading() const { return m_loading; }

    Status exportCsv(const QString &path) const;
    Status exportPdf(const QString &path) const;

public slots:
    void reload();
    void chooseCsvFile();
    void choosePdfFile();

signals:
    void loaded();
    // A report (or its error) is on screen.
    void reportShown();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QCoro::Task<> load();
    QCoro::Task<> loadSales(quint64 generation, ReportRange range);
    QCoro::Task<> loadInventoryValue(quint64 generation);
    QCoro::Task<> loadLowStock(quint64 generation);
    void showTable(const ReportTable &table);
    void showError(const QString &message);
    void finishLoading();
    QString reportTitle(Report report) const;
    QString rangeText() const;
    QString suggestedFileName(const QString &suffix) const;
    bool isOverTime() const;
    bool usesRange() const;

    Services m_services;
    Session m_session;
    bool m_seesWholeShop;
    ReportRangeBar *m_rangeBar;
    QComboBox *m_picker;
    QLabel *m_stepLabel;
    QComboBox *m_stepPicker;
    QPushButton *m_csvButton;
    QPushButton *m_pdfButton;
    InlineMessage *m_feedback;
    QSplitter *m_splitter;
    ReportChartView *m_chart;
    QTableView *m_table;
    ReportTableModel *m_model;
    Report m_report = Report::SalesOverTime;
    ReportGrouping m_timeStep = ReportGrouping::Day;
    std::optional<SalesReport> m_sales;
    quint64 m_generation = 0;
    bool m_started = false;
    bool m_loading = false;
    bool m_loaded = false;
};

} // namespace sk
