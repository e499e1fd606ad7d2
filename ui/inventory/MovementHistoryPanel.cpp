#include "inventory/MovementHistoryPanel.h"

#include "StockMovementModel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

MovementHistoryPanel::MovementHistoryPanel(std::shared_ptr<InventoryLedger> ledger, const Session &session,
                                           QWidget *parent)
    : QWidget(parent), m_model(new StockMovementModel(std::move(ledger), this)), m_title(new QLabel(this)),
      m_view(new QTableView(this))
{
    setObjectName(u"movementHistoryPanel"_s);
    m_model->setSession(session);
    m_title->setObjectName(u"movementHistoryTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_view->setObjectName(u"movementTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setAccessibleName(tr("Stock movements"));
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    const QFontMetrics metrics = m_view->fontMetrics();
    const auto fit = [this, &metrics, header](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample))
                                          + 20);
    };
    fit(StockMovementModel::TimeColumn,
        QLocale().toString(QDateTime(QDate(2026, 12, 31), QTime(23, 59)), QLocale::ShortFormat));
    fit(StockMovementModel::LocationColumn, u"Back room"_s);
    fit(StockMovementModel::ReasonColumn, movementReasonText(MovementReason::CountCorrection));
    fit(StockMovementModel::QuantityColumn, u"+10,000"_s);
    fit(StockMovementModel::OnHandAfterColumn, u"10,000"_s);
    fit(StockMovementModel::ReferenceColumn, tr("Stocktake %1").arg(QLocale().toString(12345)));
    fit(StockMovementModel::UserColumn, u"Olivia Owner"_s);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_view, 1);
    showLevel(std::nullopt);
}

void MovementHistoryPanel::setLocations(const QList<Location> &locations)
{
    m_model->setLocations(locations);
}

void MovementHistoryPanel::showLevel(const std::optional<StockLevel> &level)
{
    if (!level) {
        m_title->setText(tr("Movements: select a line above to see its history."));
        m_model->setVariant(0);
        return;
    }
    const QString name = level->options.isEmpty() ? level->productName
                                                  : tr("%1 (%2)").arg(level->productName, level->options);
    m_title->setText(tr("Movements of %1, %2, at every location").arg(name, level->sku));
    m_model->setVariant(level->variantId);
}

void MovementHistoryPanel::reload()
{
    m_model->reload();
}

QString MovementHistoryPanel::title() const
{
    return m_title->text();
}

} // namespace sk
