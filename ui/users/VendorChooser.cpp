#include "users/VendorChooser.h"

#include "auth/UserService.h"

#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QLineEdit>
#include <QPointer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr qint64 NewVendor = -1;

} // namespace

VendorChooser::VendorChooser(std::shared_ptr<UserService> users, const Session &actor, QWidget *parent)
    : QWidget(parent), m_users(std::move(users)), m_actor(actor), m_vendors(new QComboBox(this)),
      m_newName(new QLineEdit(this))
{
    m_vendors->setObjectName(u"vendorCombo"_s);
    m_newName->setObjectName(u"newVendorName"_s);
    m_newName->setPlaceholderText(tr("New vendor's name"));
    m_newName->setAccessibleName(tr("New vendor's name"));
    m_newName->setMaxLength(200);
    m_vendors->addItem(tr("Loading vendors…"));
    m_vendors->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_vendors);
    layout->addWidget(m_newName);
    setFocusProxy(m_vendors);
    setTabOrder(m_vendors, m_newName);
    connect(m_vendors, &QComboBox::currentIndexChanged, this, &VendorChooser::updateNewNameVisibility);
    updateNewNameVisibility();
    load();
}

void VendorChooser::setCurrentVendor(std::optional<qint64> vendorId)
{
    m_wanted = vendorId;
    if (!m_loaded || !vendorId)
        return;
    const int index = m_vendors->findData(*vendorId);
    if (index >= 0)
        m_vendors->setCurrentIndex(index);
}

std::optional<qint64> VendorChooser::vendorId() const
{
    if (!m_loaded)
        return std::nullopt;
    const qint64 id = m_vendors->currentData().toLongLong();
    if (id == NewVendor || id <= 0)
        return std::nullopt;
    return id;
}

QString VendorChooser::newVendorName() const
{
    if (!m_loaded || m_vendors->currentData().toLongLong() != NewVendor)
        return {};
    return m_newName->text().trimmed();
}

Status VendorChooser::check() const
{
    if (!m_loaded)
        return Error::make(ErrorCode::InvalidInput, tr("Wait a moment until the vendors are loaded."));
    if (!vendorId() && newVendorName().isEmpty())
        return Error::make(ErrorCode::InvalidInput,
                           tr("A vendor account belongs to a vendor: choose one or enter a new vendor's name."));
    return Status::success();
}

QCoro::Task<> VendorChooser::load()
{
    QPointer<VendorChooser> guard(this);
    const QFuture<Result<QList<Vendor>>> pending = m_users->vendors(m_actor);
    const Result<QList<Vendor>> vendors = co_await pending;
    if (!guard)
        co_return;
    const QSignalBlocker blocker(m_vendors);
    m_vendors->clear();
    if (vendors) {
        for (const Vendor &vendor : vendors.value())
            m_vendors->addItem(vendor.isActive ? vendor.name : tr("%1 (inactive)").arg(vendor.name), vendor.id);
    }
    m_vendors->addItem(tr("New vendor…"), NewVendor);
    m_vendors->setEnabled(true);
    m_loaded = true;
    if (m_wanted)
        setCurrentVendor(m_wanted);
    updateNewNameVisibility();
    emit loaded();
}

void VendorChooser::updateNewNameVisibility()
{
    m_newName->setVisible(m_loaded && m_vendors->currentData().toLongLong() == NewVendor);
}

} // namespace sk
