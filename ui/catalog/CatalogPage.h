#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "catalog/Product.h"
#include "core/Result.h"

#include <QCoro/QCoroTask>
#include <QFuture>
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

class CatalogFilterBar;
class CategoryPanel;
class InlineMessage;
class ProductTableModel;

// The catalog: a search box that searches as you type, filters, the category
// tree and the product table (ProductTableModel: rows fetched in windows as
// the table scrolls, so it opens at once on a million products). Products
// are created and edited in the product editor, removed one at a time, and
// changed many at once with bulk edit. Vendors see and change only their own
// products; clerks only look; administrators also arrange the categories.
class CatalogPage : public QWidget {
    Q_OBJECT

public:
    CatalogPage(const Services &services, const Session &session, QWidget *parent = nullptr);

    ProductTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchBox() const { return m_search; }
    CatalogFilterBar *filterBar() const { return m_filters; }
    CategoryPanel *categoryPanel() const { return m_categories; }
    QString countText() const;
    QString feedback() const;
    // Products of the selected rows, in row order.
    QList<qint64> selectedProductIds() const;
    // Selects that product when it is among the rows.
    bool selectProduct(qint64 productId);
    bool mayManageProducts() const { return m_mayManage; }

    // Starts loading now instead of when first shown.
    void start();
    // True once the category tree and the first screen of products are shown.
    bool hasLoaded() const { return m_loaded; }

    // Opens the product editor; the page reloads and selects the product
    // when it is saved. Replaceable so that tests (and a build without the
    // editor) can stand in for the dialog.
    using EditorOpener = std::function<void(CatalogPage *page, std::optional<qint64> productId)>;
    void setEditorOpener(EditorOpener opener);
    // Called by the editor (or its stand-in) after a save.
    void productSaved(qint64 productId);

public slots:
    void focusSearch();
    void newProduct();
    void editProduct();
    void removeProduct();
    void bulkEdit();
    void importProducts();
    void exportProducts();

signals:
    // Once, when hasLoaded() becomes true (unattended screenshots wait for it).
    void loaded();

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QCoro::Task<> loadShopDetails();
    QCoro::Task<> runBulkEdit(BulkEdit edit);
    QCoro::Task<> runRemove(qint64 productId, QString name);
    void applyQuery();
    void updateCount();
    void updateActions();
    void syncSortIndicator();
    void reloadAndSelect(qint64 productId);
    void selectFirstRow();
    QList<std::pair<int, int>> selectedRowSpans() const;
    int selectedRowCount() const;
    void announceWhenLoaded();

    Services m_services;
    Session m_session;
    bool m_mayManage;
    bool m_seesAllVendors;
    ProductTableModel *m_model;
    QLineEdit *m_search;
    CatalogFilterBar *m_filters;
    CategoryPanel *m_categories;
    QSplitter *m_splitter;
    QTableView *m_view;
    QLabel *m_count;
    InlineMessage *m_feedback;
    QPushButton *m_newButton;
    QPushButton *m_editButton;
    QPushButton *m_removeButton;
    QPushButton *m_bulkButton;
    QPushButton *m_importButton;
    QPushButton *m_exportButton;
    QAction *m_searchAction;
    QAction *m_newAction;
    QAction *m_editAction;
    QAction *m_removeAction;
    QAction *m_bulkAction;
    QTimer m_searchDelay;
    QString m_currency = QStringLiteral("USD");
    EditorOpener m_openEditor;
    qint64 m_selectAfterLoad = 0;
    bool m_selectFirstWhenLoaded = false;
    bool m_started = false;
    bool m_loaded = false;
};

} // namespace sk
