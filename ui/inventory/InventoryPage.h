#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "inventory/StockTypes.h"

#include <QCoro/QCoroTask>
#include <QTimer>
#include <QWidget>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;

namespace sk {

class CategoryTreeModel;
class InlineMessage;
class InventoryFilterBar;
class MovementHistoryPanel;
class StockLevelTableModel;
class ValuationBar;

// Stock levels of every variant at every location (StockLevelTableModel:
// rows fetched in windows as the table scrolls), filtered by location,
// vendor, category and state, searched by name, SKU or barcode. A scanned
// code in the search box selects that variant's line. Below: the selected
// variant's movements and the totals at cost. Receive (Ctrl+R), Transfer
// (Ctrl+T), Adjust (Ctrl+J) and Stocktake (Ctrl+K) open their dialogs for
// those who manage inventory; the low stock list is for everyone.
class InventoryPage : public QWidget {
    Q_OBJECT

public:
    InventoryPage(const Services &services, const Session &session, QWidget *parent = nullptr);

    StockLevelTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchBox() const { return m_search; }
    InventoryFilterBar *filterBar() const { return m_filters; }
    MovementHistoryPanel *historyPanel() const { return m_history; }
    ValuationBar *valuationBar() const { return m_valuation; }
    QString countText() const;
    QString feedback() const;
    bool mayManage() const { return m_mayManage; }
    // -1 until counted.
    qint64 lowStockCount() const { return m_lowStockCount; }
    std::optional<StockLevel> selectedLevel() const;
    bool selectLevel(qint64 levelId);

    // Starts loading now instead of when first shown.
    void start();
    // True once the locations and the first rows are shown.
    bool hasLoaded() const { return m_loaded; }
    // True while a scanned code waits for its line to be selected.
    bool isSelectingScan() const { return m_scannedVariant != 0; }

public slots:
    void focusSearch();
    void receive();
    void transfer();
    void adjust();
    void stocktake();
    void showLowStock();
    // Live updates from the change feed: these levels changed elsewhere.
    void stockLevelsChanged(const QList<qint64> &levelIds);
    // Changes may have been missed: read everything again.
    void resynchronise();
    // Re-reads the low stock count for the badge (also on start).
    void refreshLowStockCount();

signals:
    void loaded();
    void lowStockCountChanged(qint64 count);

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QCoro::Task<> loadSetup();
    QCoro::Task<> loadValuation();
    QCoro::Task<> loadLowStockCount();
    QCoro::Task<> scanOrSearch(QString text);
    void applyQuery();
    void updateCount();
    void updateActions();
    void updateHistory();
    void selectScannedVariant();
    void syncSortIndicator();
    void workflowDone(const QString &summary);
    void announceWhenLoaded();

    Services m_services;
    Session m_session;
    bool m_mayManage;
    bool m_mayCount;
    bool m_seesAllVendors;
    StockLevelTableModel *m_model;
    CategoryTreeModel *m_categories;
    QLineEdit *m_search;
    QLabel *m_count;
    InventoryFilterBar *m_filters;
    QSplitter *m_splitter;
    QTableView *m_view;
    MovementHistoryPanel *m_history;
    ValuationBar *m_valuation;
    InlineMessage *m_feedback;
    QPushButton *m_receiveButton;
    QPushButton *m_transferButton;
    QPushButton *m_adjustButton;
    QPushButton *m_stocktakeButton;
    QPushButton *m_lowStockButton;
    QAction *m_searchAction;
    QAction *m_receiveAction;
    QAction *m_transferAction;
    QAction *m_adjustAction;
    QAction *m_stocktakeAction;
    QTimer m_searchDelay;
    QTimer m_totalsDelay;
    QList<Location> m_locations;
    QString m_currency = QStringLiteral("USD");
    qint64 m_lowStockCount = -1;
    qint64 m_scannedVariant = 0;
    quint64 m_valuationGeneration = 0;
    qint64 m_historyLevelId = 0;
    bool m_setupLoaded = false;
    bool m_started = false;
    bool m_loaded = false;
};

} // namespace sk
