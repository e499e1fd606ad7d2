#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "inventory/StockTypes.h"
#include "inventory/Stocktake.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <QHash>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QTableWidgetItem;

namespace sk {

class InlineMessage;
class ScanBox;

// A stock count at one location. Opening it resumes the location's open count
// or offers to start one (the expected quantities are taken then). Each scan
// adds the quantity beside the scan box (1 unless changed); a number typed in
// the Counted column replaces the count. The differences and their value are
// shown as counting goes; Post asks for confirmation with the totals and
// writes them as count corrections in one transaction.
class StocktakeDialog : public QDialog {
    Q_OBJECT

public:
    enum Column { ProductColumn, SkuColumn, ExpectedColumn, CountedColumn, DifferenceColumn, ValueColumn,
                  ColumnCount };

    StocktakeDialog(const Services &services, const Session &session, const QList<Location> &locations,
                    std::optional<qint64> locationId, const QString &currency, QWidget *parent = nullptr);

    QComboBox *locationCombo() const { return m_location; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *postButton() const { return m_post; }
    QPushButton *cancelCountButton() const { return m_cancelCount; }
    ScanBox *scanBox() const { return m_scan; }
    QSpinBox *quantityBox() const { return m_quantity; }
    QTableWidget *table() const { return m_table; }
    std::optional<Stocktake> stocktake() const { return m_stocktake; }
    // True once the open count of the location (or none) is known.
    bool isReady() const { return m_ready; }
    int pendingCounts() const { return m_pendingCounts; }
    int rowOfSku(const QString &sku) const;
    QString message() const;
    QString summary() const;
    // The sentence the confirmation asks.
    QString confirmation() const;

public slots:
    void startCount();
    void requestPost();
    void requestCancel();

signals:
    void posted(const QString &summary);
    void ready();

private:
    QCoro::Task<> findOpenCount();
    QCoro::Task<> runStart();
    QCoro::Task<> loadLines();
    QCoro::Task<> count(QString code, qint64 quantity);
    QCoro::Task<> setCount(qint64 variantId, qint64 quantity);
    QCoro::Task<> runPost();
    QCoro::Task<> runCancel();
    void showLine(const StocktakeLine &line);
    void updateSummary();
    qint64 chosenLocationId() const;

    Services m_services;
    Session m_session;
    QString m_currency;
    std::optional<Stocktake> m_stocktake;
    QList<StocktakeLine> m_lines;
    QHash<qint64, int> m_rowOfVariant;
    QStackedWidget *m_pages;
    QComboBox *m_location;
    QPushButton *m_start;
    QLabel *m_heading;
    ScanBox *m_scan;
    QSpinBox *m_quantity;
    QTableWidget *m_table;
    QLabel *m_summary;
    InlineMessage *m_message;
    QPushButton *m_post;
    QPushButton *m_cancelCount;
    int m_pendingCounts = 0;
    bool m_ready = false;
    bool m_filling = false;
    bool m_busy = false;
};

} // namespace sk
