#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "catalog/ProductCsvFormat.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <atomic>
#include <memory>

class QWidget;

namespace sk {

// One import or export of product CSV files from the Catalog page: the file
// chooser, a window-modal progress dialog whose Cancel stops the work (an
// import then rolls back whole, an export leaves no file), and the outcome
// in a message box with the rejected rows behind "Show Details…".
class CatalogTransfer : public QObject {
    Q_OBJECT

public:
    CatalogTransfer(const Services &services, const Session &session, QWidget *window);
    ~CatalogTransfer() override;

    void chooseAndImport();
    void chooseAndExport();
    // Without the file chooser.
    QCoro::Task<> importFile(QString path);
    QCoro::Task<> exportFile(QString path, ProductCsvFormat::Kind format);

    QProgressDialog *progressDialog() const { return m_progress; }
    void cancel();

signals:
    // summary: one sentence for the page (empty when nothing happened);
    // changedCatalog: products were written.
    void finished(const QString &summary, bool changedCatalog);

private:
    void showProgress(const QString &label);
    void setProgress(qint64 done, qint64 total);
    void closeProgress();

    Services m_services;
    Session m_session;
    QPointer<QWidget> m_window;
    QPointer<QProgressDialog> m_progress;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace sk
