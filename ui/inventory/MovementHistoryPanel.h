#pragma once

#include "auth/Session.h"
#include "inventory/StockTypes.h"

#include <QWidget>
#include <memory>

class QLabel;
class QTableView;

namespace sk {

class InventoryLedger;
class StockMovementModel;

// Under the stock table: every movement of the selected variant at every
// location, newest first, more as the list scrolls.
class MovementHistoryPanel : public QWidget {
    Q_OBJECT

public:
    MovementHistoryPanel(std::shared_ptr<InventoryLedger> ledger, const Session &session, QWidget *parent = nullptr);

    void setLocations(const QList<Location> &locations);
    // The level's variant (its product name in the title); nullopt: nothing chosen.
    void showLevel(const std::optional<StockLevel> &level);
    // Reads the newest movements again (after a workflow wrote some).
    void reload();

    StockMovementModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString title() const;

private:
    StockMovementModel *m_model;
    QLabel *m_title;
    QTableView *m_view;
};

} // namespace sk
