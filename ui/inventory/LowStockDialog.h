#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "inventory/LowStock.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace sk {

class InlineMessage;

// The reorder list: every line at or below its reorder level, emptiest
// first, with the quantity to order; Export CSV… writes it for a supplier
// (the service writes through QSaveFile: a failed export leaves no file).
class LowStockDialog : public QDialog {
    Q_OBJECT

public:
    enum Column { LocationColumn, ProductColumn, SkuColumn, VendorColumn, AvailableColumn, ReorderLevelColumn,
                  SuggestedColumn, UnitCostColumn, SuggestedValueColumn, ColumnCount };

    LowStockDialog(const Services &services, const Session &session, const LowStockQuery &query,
                   QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    QPushButton *exportButton() const { return m_export; }
    bool isLoaded() const { return m_loaded; }
    QString message() const;

    // Writes the list to path; the result goes to the message line.
    QCoro::Task<> exportTo(QString path);

public slots:
    void chooseExportFile();

signals:
    void loaded();
    void exported(const QString &path);

private:
    QCoro::Task<> load();
    void appendLine(const LowStockLine &line);

    Services m_services;
    Session m_session;
    LowStockQuery m_query;
    QLabel *m_count;
    QTableWidget *m_table;
    InlineMessage *m_message;
    QPushButton *m_export;
    bool m_loaded = false;
};

} // namespace sk
