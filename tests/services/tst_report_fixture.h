#pragma once

// Shared set-up of the report tests: a shop with a category tree, a
// vendor's product and the shop's own, an open shift at register R1, and
// sales and returns made through the real services (cart, payments,
// checkout, returns), so the summaries are kept by the write path itself.

#include "tst_inventory_fixture.h"

#include "GatewaySimulator.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductService.h"
#include "maintenance/IntegrityCheck.h"
#include "orders/ReturnService.h"
#include "payments/GatewayClient.h"
#include "payments/PaymentService.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/ShiftService.h"

#include <QCoroTask>
#include <QMap>
#include <QSqlRecord>

namespace sk::test {

struct SoldItem {
    QString sku;
    qint64 quantity = 1;
};

class ReportFixture {
public:
    bool setUp()
    {
        using namespace std::chrono_literals;
        if (!m_f.setUp())
            return false;
        m_simulator = std::make_unique<GatewaySimulator>();
        if (!m_simulator->listen())
            return false;
        GatewaySettings settings;
        settings.baseUrl = m_simulator->url();
        settings.apiKey = QStringLiteral("test-key");
        settings.requestTimeout = 500ms;
        settings.maxAttempts = 2;
        settings.firstBackoff = 10ms;
        settings.pendingPollInterval = 10ms;
        settings.pendingPollLimit = 1s;
        m_gateway = std::make_unique<GatewayClient>(settings);
        m_payments = std::make_shared<PaymentService>(m_f.m_db, m_gateway.get());
        m_carts = std::make_unique<CartService>(m_f.m_db);
        m_checkout = std::make_unique<CheckoutService>(m_f.m_db, m_payments);
        m_returns = std::make_unique<ReturnService>(m_f.m_db, m_payments);
        m_register = m_f.scalar(QStringLiteral("SELECT id FROM registers WHERE code = 'R1'")).toLongLong();

        CategoryService categories(m_f.m_db);
        Result<Category> clothing =
            Database::wait(categories.create(m_f.m_admin, NewCategory{{}, QStringLiteral("Clothing"), {}, {}}));
        if (!clothing)
            return false;
        Result<Category> shirts = Database::wait(
            categories.create(m_f.m_admin, NewCategory{clothing->id, QStringLiteral("Shirts"), {}, {}}));
        if (!shirts)
            return false;
        m_shirts = shirts->id;
        // 19.99 standard 8 % in Shirts; 4.35 reduced 5 %, the vendor's, no
        // category; the fixture's mug: 10.00 standard, the shop's own.
        m_shirt = addProduct(QStringLiteral("Oxford shirt"), QStringLiteral("OX-1"), QStringLiteral("19.99"),
                             QStringLiteral("standard"), {}, m_shirts);
        m_tea = addProduct(QStringLiteral("Gyokuro tea"), QStringLiteral("GYO-1"), QStringLiteral("4.35"),
                           QStringLiteral("reduced"), m_f.m_vendorId, {});
        m_mug = m_f.m_mug;
        m_f.receive(m_shirt, m_f.m_store, 50);
        m_f.receive(m_tea, m_f.m_store, 50);
        m_f.receive(m_mug, m_f.m_store, 50);
        Result<Shift> shift =
            Database::wait(ShiftService(m_f.m_db).open(m_f.m_clerk, m_register, Money(10000, u"USD")));
        if (!shift)
            return false;
        m_shift = shift->id;
        return m_register > 0 && m_shirt > 0 && m_tea > 0 && m_mug > 0;
    }

    void tearDown()
    {
        m_returns.reset();
        m_checkout.reset();
        m_carts.reset();
        m_payments.reset();
        m_gateway.reset();
        m_simulator.reset();
        m_f.tearDown();
    }

    qint64 addProduct(const QString &name, const QString &sku, const QString &price, const QString &taxClass,
                      std::optional<qint64> vendorId, std::optional<qint64> categoryId)
    {
        ProductDraft draft;
        draft.name = name;
        draft.vendorId = vendorId;
        draft.categoryId = categoryId;
        draft.taxClass = taxClass;
        VariantDraft variant;
        variant.sku = sku;
        variant.price = price;
        draft.variants.append(variant);
        Result<Product> created = Database::wait(ProductService(m_f.m_db).create(m_f.m_admin, draft));
        if (!created) {
            qWarning() << why(created);
            return 0;
        }
        return created->variants.first().id;
    }

    // A whole sale at R1 as the clerk: the items, then the amount due in
    // cash or on a card (through the gateway), then checkout. 0 on failure.
    qint64 sell(const QList<SoldItem> &items, const QString &tender = QStringLiteral("cash"))
    {
        Result<Cart> cart = Database::wait(m_carts->current(m_f.m_clerk, m_register));
        if (!cart) {
            qWarning() << why(cart);
            return 0;
        }
        for (const SoldItem &item : items) {
            cart = Database::wait(m_carts->addByCode(m_f.m_clerk, cart->id, item.sku, item.quantity));
            if (!cart) {
                qWarning() << why(cart);
                return 0;
            }
        }
        if (tender == QStringLiteral("card")) {
            Result<Payment> begun = Database::wait(m_payments->beginCard(m_f.m_clerk, cart->id, cart->due));
            if (!begun) {
                qWarning() << why(begun);
                return 0;
            }
            Result<Payment> charged = QCoro::waitFor(m_payments->chargeCard(m_f.m_clerk, begun->id));
            if (!charged) {
                qWarning() << why(charged);
                return 0;
            }
        } else {
            Result<Payment> paid = Database::wait(m_payments->addCash(m_f.m_clerk, cart->id, cart->due));
            if (!paid) {
                qWarning() << why(paid);
                return 0;
            }
        }
        Result<CompletedSale> sale = Database::wait(m_checkout->complete(m_f.m_clerk, cart->id));
        if (!sale) {
            qWarning() << why(sale);
            return 0;
        }
        return sale->orderId;
    }

    qint64 itemOf(qint64 orderId, qint64 variantId)
    {
        return m_f.scalar(QStringLiteral("SELECT id FROM order_items WHERE order_id = ? AND variant_id = ?"),
                          {orderId, variantId})
            .toLongLong();
    }

    Result<ReturnResult> giveBack(qint64 orderId, const QList<ReturnLineRequest> &lines,
                                  RefundDestination destination = RefundDestination::OriginalTender)
    {
        ReturnRequest request;
        request.orderId = orderId;
        request.lines = lines;
        request.destination = destination;
        request.reason = QStringLiteral("Customer changed their mind");
        request.registerId = m_register;
        return QCoro::waitFor(m_returns->giveBack(m_f.m_clerk, request));
    }

    // Every row of every summary table, as text, to compare two states.
    QMap<QString, QString> summaries()
    {
        static const QStringList tables{QStringLiteral("report_day"),        QStringLiteral("report_category_day"),
                                        QStringLiteral("report_vendor_day"), QStringLiteral("report_product_day"),
                                        QStringLiteral("report_product_month"),
                                        QStringLiteral("report_clerk_day"),  QStringLiteral("report_tender_day")};
        QMap<QString, QString> out;
        for (const QString &table : tables) {
            Result<QStringList> rows = Database::wait(m_f.m_db->read([table](Connection &c) -> Result<QStringList> {
                Result<QSqlQuery> query = c.exec(QStringLiteral("SELECT * FROM ") + table);
                if (!query)
                    return query.error();
                QStringList lines;
                while (query.value().next()) {
                    QStringList fields;
                    for (int i = 0; i < query.value().record().count(); ++i)
                        fields.append(query.value().value(i).toString());
                    lines.append(fields.join(QLatin1Char('|')));
                }
                lines.sort();
                return lines;
            }));
            out.insert(table, rows ? rows->join(QLatin1Char('\n')) : why(rows));
        }
        return out;
    }

    // The reports.summaries finding of `storekeeper check`.
    IntegrityCheck::Finding summaryCheck()
    {
        Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
        if (!report)
            return {QStringLiteral("reports.summaries"), false, why(report)};
        for (const IntegrityCheck::Finding &finding : report->findings)
            if (finding.check == QStringLiteral("reports.summaries"))
                return finding;
        return {QStringLiteral("reports.summaries"), false, QStringLiteral("the check did not run")};
    }

    // Every failed finding of `storekeeper check`, one a line.
    QString failedChecks()
    {
        Result<IntegrityCheck::Report> report = Database::wait(IntegrityCheck(m_f.m_db).run());
        if (!report)
            return why(report);
        QStringList lines;
        for (const IntegrityCheck::Finding &finding : report->findings)
            if (!finding.passed)
                lines.append(finding.check + QStringLiteral(": ") + finding.message);
        return lines.join(QLatin1Char('\n'));
    }

    qint64 cents(const QString &sql, const QVariantList &values = {})
    {
        return m_f.scalar(sql, values).toLongLong();
    }

    InventoryFixture m_f;
    std::unique_ptr<GatewaySimulator> m_simulator;
    std::unique_ptr<GatewayClient> m_gateway;
    std::shared_ptr<PaymentService> m_payments;
    std::unique_ptr<CartService> m_carts;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<ReturnService> m_returns;
    qint64 m_register = 0;
    qint64 m_shift = 0;
    qint64 m_shirts = 0;
    qint64 m_shirt = 0;
    qint64 m_tea = 0;
    qint64 m_mug = 0;
};

} // namespace sk::test
