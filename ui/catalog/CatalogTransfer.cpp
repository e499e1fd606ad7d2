#include "catalog/CatalogTransfer.h"

#include "catalog/ProductExport.h"
#include "catalog/ProductImport.h"
#include "common/ErrorMessageBox.h"

#include <QCoro/QCoroFuture>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// The progress bar counts in thousandths: totals are bytes or products,
// either of which may pass what an int holds.
constexpr int ProgressSteps = 1000;
// Rejected rows listed in the message box's details; the rest are counted.
constexpr int MaxListedRejections = 200;

QString csvFilter()
{
    return QCoreApplication::translate("CatalogTransfer", "CSV files (*.csv);;All files (*)");
}

} // namespace

CatalogTransfer::CatalogTransfer(const Services &services, const Session &session, QWidget *window)
    : QObject(window), m_services(services), m_session(session), m_window(window),
      m_cancel(std::make_shared<std::atomic<bool>>(false))
{
}

CatalogTransfer::~CatalogTransfer()
{
    // Whatever still runs stops: nobody is left to show its outcome.
    m_cancel->store(true);
    closeProgress();
}

void CatalogTransfer::cancel()
{
    m_cancel->store(true);
}

void CatalogTransfer::chooseAndImport()
{
    auto *dialog = new QFileDialog(m_window, tr("Import products"),
                                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), csvFilter());
    dialog->setObjectName(u"importFileDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { importFile(path); });
    connect(dialog, &QFileDialog::rejected, this, [this] { emit finished(QString(), false); });
    dialog->open();
}

void CatalogTransfer::chooseAndExport()
{
    const QString storekeeper = tr("Storekeeper product CSV (*.csv)");
    const QString shopify = tr("Shopify product CSV (*.csv)");
    auto *dialog = new QFileDialog(m_window, tr("Export products"),
                                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                                       + u"/products.csv"_s,
                                   storekeeper + u";;"_s + shopify);
    dialog->setObjectName(u"exportFileDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(u"csv"_s);
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog, shopify](const QString &path) {
        exportFile(path, dialog->selectedNameFilter() == shopify ? ProductCsvFormat::Kind::Shopify
                                                                 : ProductCsvFormat::Kind::Storekeeper);
    });
    connect(dialog, &QFileDialog::rejected, this, [this] { emit finished(QString(), false); });
    dialog->open();
}

QCoro::Task<> CatalogTransfer::importFile(QString path)
{
    QPointer<CatalogTransfer> guard(this);
    const QString fileName = QFileInfo(path).fileName();
    showProgress(tr("Importing %1…").arg(fileName));
    ProductImportOptions options;
    options.cancel = m_cancel;
    options.progress = [this](qint64 done, qint64 total) {
        // Called on the database's writer thread.
        QMetaObject::invokeMethod(this, [this, done, total] { setProgress(done, total); }, Qt::QueuedConnection);
    };
    ProductImport import(m_services.database);
    const QFuture<Result<ImportReport>> pending = import.importFile(m_session, path, options);
    const Result<ImportReport> report = co_await pending;
    if (!guard)
        co_return;
    closeProgress();
    if (!report) {
        if (report.error().code == ErrorCode::Cancelled) {
            emit finished(tr("The import of %1 was cancelled; nothing was changed.").arg(fileName), false);
            co_return;
        }
        showErrorMessage(m_window, tr("Import products"), report.error());
        emit finished(QString(), false);
        co_return;
    }
    const QString summary = report->summary();
    if (report->hasRejections() || !report->notices.isEmpty()) {
        QStringList details;
        for (const ImportRejection &rejection : report->rejections.first(
                 std::min<qsizetype>(report->rejections.size(), MaxListedRejections)))
            details.append(tr("Line %1: %2").arg(rejection.line).arg(rejection.reason));
        if (report->rowsRejected > details.size())
            details.append(
                tr("… and %1 more rejected rows.").arg(QLocale().toString(report->rowsRejected - details.size())));
        details += report->notices;
        auto *box = new QMessageBox(report->hasRejections() ? QMessageBox::Warning : QMessageBox::Information,
                                    tr("Import products"), summary, QMessageBox::Ok, m_window);
        box->setObjectName(u"importReportBox"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setInformativeText(report->hasRejections()
                                    ? tr("Correct the rejected rows (see the details) and import the file again; "
                                         "products already imported are updated, not duplicated.")
                                    : QString());
        box->setDetailedText(details.join(u'\n'));
        box->open();
    }
    const bool changed = report->productsCreated + report->productsUpdated > 0 || report->categoriesCreated > 0;
    emit finished(summary, changed);
}

QCoro::Task<> CatalogTransfer::exportFile(QString path, ProductCsvFormat::Kind format)
{
    QPointer<CatalogTransfer> guard(this);
    const QString fileName = QFileInfo(path).fileName();
    showProgress(tr("Exporting to %1…").arg(fileName));
    ProductExportOptions options;
    options.format = format;
    options.cancel = m_cancel;
    options.progress = [this](qint64 done, qint64 total) {
        // Called on a database reader thread.
        QMetaObject::invokeMethod(this, [this, done, total] { setProgress(done, total); }, Qt::QueuedConnection);
    };
    ProductExport exporter(m_services.database);
    const QFuture<Result<ProductExportSummary>> pending = exporter.exportFile(m_session, path, options);
    const Result<ProductExportSummary> written = co_await pending;
    if (!guard)
        co_return;
    closeProgress();
    if (!written) {
        if (written.error().code == ErrorCode::Cancelled) {
            emit finished(tr("The export was cancelled; no file was written."), false);
            co_return;
        }
        showErrorMessage(m_window, tr("Export products"), written.error());
        emit finished(QString(), false);
        co_return;
    }
    emit finished(tr("Exported %1 with %2 variants to %3.")
                      .arg(written->products == 1 ? tr("1 product")
                                                  : tr("%1 products").arg(QLocale().toString(written->products)),
                           QLocale().toString(written->variants), QDir::toNativeSeparators(path)),
                  false);
}

void CatalogTransfer::showProgress(const QString &label)
{
    m_cancel->store(false);
    closeProgress();
    m_progress = new QProgressDialog(label, tr("Cancel"), 0, ProgressSteps, m_window);
    m_progress->setObjectName(u"transferProgress"_s);
    m_progress->setWindowTitle(tr("Catalog"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    // Short transfers finish before anyone could read the dialog.
    m_progress->setMinimumDuration(500);
    m_progress->setValue(0);
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        m_cancel->store(true);
        if (m_progress)
            m_progress->setLabelText(tr("Stopping…"));
    });
}

void CatalogTransfer::setProgress(qint64 done, qint64 total)
{
    if (!m_progress || total <= 0)
        return;
    m_progress->setValue(int(std::min<qint64>(done, total) * ProgressSteps / total));
}

void CatalogTransfer::closeProgress()
{
    if (m_progress) {
        m_progress->close();
        m_progress->deleteLater();
    }
    m_progress = nullptr;
}

} // namespace sk
