#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "register/PaymentDialog.h"
#include "register/SuggestionsPanel.h"
#include "sales/CheckoutService.h"
#include "sales/SalesTypes.h"
#include "sales/ShiftService.h"

#include <QCoro/QCoroTask>
#include <QHash>
#include <QWidget>
#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QDialog;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QToolButton;

namespace sk {

class CartTableModel;
class InlineMessage;
class PaymentDialog;
class ScannerWedge;
class TotalsPanel;

// The register (docs/ui.md, "Register"): a clerk rings up a sale with a
// barcode scanner and the keyboard. A scan adds the item wherever the focus
// is on the page (ScannerWedge); the scan box also takes typed codes and
// "3*" before a code for three units. The cart (persisted by CartService,
// so a restart brings it back) is priced by the service; the page shows what
// it is told. F-keys reach everything else; see the key table in docs/ui.md.
class RegisterPage : public QWidget {
    Q_OBJECT

public:
    RegisterPage(const Services &services, const Session &session, QWidget *parent = nullptr);
    ~RegisterPage() override;

    // The register this desktop is (QSettings "register/id"; the first
    // register when unset).
    qint64 registerId() const { return m_registerId; }
    void setRegisterId(qint64 registerId);
    static qint64 savedRegisterId();

    void setSuggestionProvider(SuggestionsPanel::Provider provider);
    // Where receipts go (default: SaleReceiptPrinter); empty hides the button.
    void setReceiptPrinter(PaymentDialog::ReceiptPrinter printer);

    QLineEdit *scanBox() const { return m_scanBox; }
    QTableView *cartView() const { return m_view; }
    CartTableModel *cartModel() const { return m_model; }
    TotalsPanel *totals() const { return m_totals; }
    SuggestionsPanel *suggestions() const { return m_suggestions; }
    ScannerWedge *scanner() const { return m_scanner; }
    const Cart &cart() const;
    const std::optional<Shift> &shift() const { return m_shift; }
    QString message() const;
    QString statusText() const;
    // Cart operations sent and not answered yet.
    int pendingOperations() const { return m_pending; }
    // True once the register's cart and shift have been read.
    bool hasLoaded() const { return m_loaded; }

    void start();

public slots:
    void scan(const QString &code);
    void pay();
    void findItem();
    void changeQuantity();
    void discountLine();
    void discountCart();
    void overridePrice();
    void removeLine();
    void attachCustomer();
    void park();
    void recall();
    void returnItems();
    void openShift();
    void moveCash();
    void showXReport();
    void closeShift();
    // Reads the cart and the shift again.
    void reload();

signals:
    void loaded();
    void cartChanged(const Cart &cart);
    void saleCompleted(const CompletedSale &sale);
    void shiftChanged();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QCoro::Task<> load();
    QCoro::Task<> addCode(QString code, qint64 quantity);
    QCoro::Task<> setQuantityOf(qint64 lineId, qint64 quantity);
    QCoro::Task<> removeLineById(qint64 lineId);
    QCoro::Task<> parkAs(QString label);
    QCoro::Task<> showParked();
    QCoro::Task<> recallCart(qint64 cartId);
    QCoro::Task<> loadShift();
    QCoro::Task<> loadRegisters();
    QCoro::Task<> showReport(bool closing);
    void applyCart(const Cart &cart, quint64 generation);
    void takeScanBoxText();
    void buildActions();
    void updateStatus();
    void highlightCode(const QString &code);
    std::optional<CartLine> selectedLine() const;
    void selectRow(int row);
    void moveSelection(int delta);
    bool needsCart();
    void refuse(const QString &sentence);
    void focusScanBoxAfter(QDialog *dialog);

    Services m_services;
    Session m_session;
    qint64 m_registerId = 0;
    QString m_currency = QStringLiteral("USD");
    CartTableModel *m_model;
    QTableView *m_view;
    QLineEdit *m_scanBox;
    TotalsPanel *m_totals;
    SuggestionsPanel *m_suggestions;
    InlineMessage *m_message;
    QLabel *m_registerLabel;
    QLabel *m_clerkLabel;
    QLabel *m_shiftLabel;
    QLabel *m_customerLabel;
    QComboBox *m_registerChoice;
    QToolButton *m_shiftButton;
    QMenu *m_shiftMenu;
    ScannerWedge *m_scanner;
    PaymentDialog::ReceiptPrinter m_printReceipt;
    std::optional<Shift> m_shift;
    QList<QPair<QString, qint64>> m_queuedScans;
    QHash<qint64, QString> m_registerNames;
    quint64 m_cartGeneration = 0;
    quint64 m_appliedGeneration = 0;
    int m_pending = 0;
    bool m_started = false;
    bool m_loaded = false;
    bool m_shiftOffered = false;
};

} // namespace sk
