"""Core v1 schemas for pod volumes: Volume and each volume source (emptyDir, hostPath, configMap, secret,
projected, persistentVolumeClaim, csi, ephemeral and the older in-tree drivers), plus the claim spec
that ephemeral volumes and PersistentVolumeClaims share.

Facts (field names, types, markers, defaults) from k8s.io/api v0.32.0 core/v1/types.go.
Differences from upstream: descriptions are ours and shorter; the deprecated in-tree drivers are
described in one line each.
"""

from .dsl import declare

declare("core", """
Volume: A named volume of a pod that its containers can mount. Set name and exactly one source.
  name*                     string  -- Name of the volume, a DNS label unique in the pod; volumeMounts refer to it.
  hostPath                  HostPathVolumeSource?  -- A file or directory of the node. Gives access to the host;
    mostly for system agents.
  emptyDir                  EmptyDirVolumeSource?  -- An empty directory created with the pod and deleted with it.
  gcePersistentDisk         GCEPersistentDiskVolumeSource?  -- Deprecated in-tree driver for GCE disks.
  awsElasticBlockStore      AWSElasticBlockStoreVolumeSource?  -- Deprecated in-tree driver for AWS EBS volumes.
  gitRepo                   GitRepoVolumeSource?  -- Deprecated: a directory filled with a git clone.
  secret                    SecretVolumeSource?  -- The keys of a Secret as files.
  nfs                       NFSVolumeSource?  -- An NFS share.
  iscsi                     ISCSIVolumeSource?  -- An iSCSI disk.
  glusterfs                 GlusterfsVolumeSource?  -- Deprecated: a GlusterFS volume.
  persistentVolumeClaim     PersistentVolumeClaimVolumeSource?  -- The PersistentVolume bound to a claim.
  rbd                       RBDVolumeSource?  -- Deprecated: a Ceph RBD image.
  flexVolume                FlexVolumeSource?  -- Deprecated: a volume from a FlexVolume plugin.
  cinder                    CinderVolumeSource?  -- Deprecated in-tree driver for OpenStack Cinder.
  cephfs                    CephFSVolumeSource?  -- Deprecated: a CephFS mount.
  flocker                   FlockerVolumeSource?  -- Deprecated: a Flocker dataset.
  downwardAPI               DownwardAPIVolumeSource?  -- Pod fields and resource values as files.
  fc                        FCVolumeSource?  -- A Fibre Channel disk.
  azureFile                 AzureFileVolumeSource?  -- Deprecated in-tree driver for Azure Files.
  configMap                 ConfigMapVolumeSource?  -- The keys of a ConfigMap as files.
  vsphereVolume             VsphereVirtualDiskVolumeSource?  -- Deprecated in-tree driver for vSphere disks.
  quobyte                   QuobyteVolumeSource?  -- Deprecated: a Quobyte volume.
  azureDisk                 AzureDiskVolumeSource?  -- Deprecated in-tree driver for Azure disks.
  photonPersistentDisk      PhotonPersistentDiskVolumeSource?  -- Deprecated: a Photon Controller disk.
  projected                 ProjectedVolumeSource?  -- Several sources (secrets, config maps, downward API,
    tokens) merged into one directory.
  portworxVolume            PortworxVolumeSource?  -- Deprecated in-tree driver for Portworx.
  scaleIO                   ScaleIOVolumeSource?  -- Deprecated: a ScaleIO volume.
  storageos                 StorageOSVolumeSource?  -- Deprecated: a StorageOS volume.
  csi                       CSIVolumeSource?  -- An inline volume from a CSI driver.
  ephemeral                 EphemeralVolumeSource?  -- A PersistentVolumeClaim made for this pod from a template
    and deleted with it.
  image                     ImageVolumeSource?  -- The content of an OCI image, read-only.

EmptyDirVolumeSource: Scratch space that lives as long as the pod.
  medium                    string  -- Where to store it: "" for the node's disk, "Memory" for a tmpfs.
  sizeLimit                 Quantity?  -- The most it may hold; the pod is evicted if it grows beyond.

HostPathVolumeSource: A path on the node.
  path*                     string  -- The path on the node. Symbolic links are followed.
  type                      string  enum=|BlockDevice|CharDevice|Directory|DirectoryOrCreate|File|FileOrCreate|Socket
    -- What must exist at the path; "" checks nothing, DirectoryOrCreate creates a missing directory.

KeyToPath: Maps one key of a ConfigMap or Secret to a file.
  key*                      string  -- The key.
  path*                     string  -- Relative path of the file. Must not contain "..".
  mode                      int32  -- File permission bits, e.g. 0644 (420 in JSON, which has no octal).

LocalObjectReference (atomic): Names another object in the same namespace.
  name                      string  default=""  -- Name of the object.

ConfigMapVolumeSource: A ConfigMap's keys as files.
  name                      string  default=""  -- Name of the ConfigMap.
  items                     [KeyToPath]  list=atomic  -- Only these keys, at these paths. Every key when empty.
  defaultMode               int32  -- Permission bits for the files; 0644 by default.
  optional                  bool  -- Start the pod even if the ConfigMap or a listed key is missing.

SecretVolumeSource: A Secret's keys as files (on a tmpfs, never on disk).
  secretName                string  -- Name of the Secret.
  items                     [KeyToPath]  list=atomic  -- Only these keys, at these paths. Every key when empty.
  defaultMode               int32  -- Permission bits for the files; 0644 by default.
  optional                  bool  -- Start the pod even if the Secret or a listed key is missing.

DownwardAPIVolumeSource: Information about the pod itself as files.
  items                     [DownwardAPIVolumeFile]  list=atomic  -- The files to create.
  defaultMode               int32  -- Permission bits for the files; 0644 by default.

DownwardAPIVolumeFile: One downward API file.
  path*                     string  -- Relative path of the file.
  fieldRef                  ObjectFieldSelector?  -- A pod field: metadata name, namespace, uid, labels or
    annotations.
  resourceFieldRef          ResourceFieldSelector?  -- A container's request or limit.
  mode                      int32  -- Permission bits for this file.

ProjectedVolumeSource: Several sources combined in one directory.
  sources                   [VolumeProjection]  list=atomic  -- The sources.
  defaultMode               int32  -- Permission bits for the files; 0644 by default.

VolumeProjection: One source of a projected volume. Set exactly one field.
  secret                    SecretProjection?  -- Keys of a Secret.
  downwardAPI               DownwardAPIProjection?  -- Pod information.
  configMap                 ConfigMapProjection?  -- Keys of a ConfigMap.
  serviceAccountToken       ServiceAccountTokenProjection?  -- A short-lived token for the pod's service account.
  clusterTrustBundle        ClusterTrustBundleProjection?  -- Certificates from ClusterTrustBundle objects.

SecretProjection: A Secret's keys in a projected volume.
  name                      string  default=""  -- Name of the Secret.
  items                     [KeyToPath]  list=atomic  -- Only these keys, at these paths.
  optional                  bool  -- Whether the Secret may be missing.

ConfigMapProjection: A ConfigMap's keys in a projected volume.
  name                      string  default=""  -- Name of the ConfigMap.
  items                     [KeyToPath]  list=atomic  -- Only these keys, at these paths.
  optional                  bool  -- Whether the ConfigMap may be missing.

DownwardAPIProjection: Pod information in a projected volume.
  items                     [DownwardAPIVolumeFile]  list=atomic  -- The files to create.

ServiceAccountTokenProjection: A bound service account token the kubelet keeps refreshed in a file.
  audience                  string  -- Who the token is for; the API server by default.
  expirationSeconds         int64  -- Requested lifetime; one hour by default, at least ten minutes.
  path*                     string  -- Relative path of the token file.

ClusterTrustBundleProjection: Certificates of ClusterTrustBundle objects, written to one file.
  name                      string  -- One bundle by name.
  signerName                string  -- All bundles of this signer (with labelSelector).
  labelSelector             LabelSelector?  -- Narrows the bundles of signerName.
  optional                  bool  -- Whether no matching bundle is acceptable.
  path*                     string  -- Relative path of the file.

PersistentVolumeClaimVolumeSource: Uses a PersistentVolumeClaim of the pod's namespace.
  claimName*                string  -- Name of the claim.
  readOnly                  bool  -- Mount read-only.

EphemeralVolumeSource: A volume provisioned for one pod from a claim template.
  volumeClaimTemplate       PersistentVolumeClaimTemplate?  -- The claim to create, named <pod>-<volume>.

PersistentVolumeClaimTemplate: Metadata and spec of a claim to create.
  metadata                  ObjectMeta  -- Labels and annotations for the claim.
  spec*                     PersistentVolumeClaimSpec  -- The claim's spec.

PersistentVolumeClaimSpec: What storage a claim asks for.
  accessModes               [string]  list=atomic  -- How it will be mounted: ReadWriteOnce, ReadOnlyMany,
    ReadWriteMany or ReadWriteOncePod.
  selector                  LabelSelector?  -- Only bind to PersistentVolumes with these labels.
  resources                 VolumeResourceRequirements  -- How much storage, e.g. requests: {storage: 1Gi}.
  volumeName                string  -- Bind to this PersistentVolume.
  storageClassName          string  -- The StorageClass to provision from; the default class when unset, none
    when "".
  volumeMode                string  enum=Block|Filesystem  -- Filesystem (the default) or a raw Block device.
  dataSource                TypedLocalObjectReference?  -- Fill the new volume from a snapshot or another claim.
  dataSourceRef             TypedObjectReference?  -- Like dataSource, but may point to any populator object.
  volumeAttributesClassName  string  -- The VolumeAttributesClass (performance settings) to use.

VolumeResourceRequirements: Storage amounts for a claim.
  limits                    {Quantity}  -- The most storage the claim may get.
  requests                  {Quantity}  -- The storage the claim needs.

TypedLocalObjectReference (atomic): Names an object of some kind in the same namespace.
  apiGroup                  string  -- API group of the kind; empty for the core group.
  kind*                     string  -- Kind of the object.
  name*                     string  -- Name of the object.

TypedObjectReference: Names an object of some kind, possibly in another namespace.
  apiGroup                  string  -- API group of the kind; empty for the core group.
  kind*                     string  -- Kind of the object.
  name*                     string  -- Name of the object.
  namespace                 string  -- Its namespace; needs a ReferenceGrant when not the claim's own.

ImageVolumeSource: An OCI image or artifact mounted as a read-only volume.
  reference                 string  -- The image reference, as for a container image.
  pullPolicy                string  enum=Always|IfNotPresent|Never  -- When to pull it.

NFSVolumeSource: An NFS export.
  server*                   string  -- Host name or IP address of the NFS server.
  path*                     string  -- The exported path.
  readOnly                  bool  -- Mount read-only.

ISCSIVolumeSource: An iSCSI target.
  targetPortal*             string  -- Target address, ip:port.
  iqn*                      string  -- iSCSI qualified name of the target.
  lun*                      int32  -- Logical unit number.
  iscsiInterface            string  default=default  -- iSCSI interface name.
  fsType                    string  -- Filesystem type, e.g. ext4.
  readOnly                  bool  -- Mount read-only.
  portals                   [string]  list=atomic  -- Other target portals.
  chapAuthDiscovery         bool  -- Use CHAP authentication for discovery.
  chapAuthSession           bool  -- Use CHAP authentication for the session.
  secretRef                 LocalObjectReference?  -- Secret with the CHAP credentials.
  initiatorName             string  -- Custom initiator name.

FCVolumeSource: A Fibre Channel disk.
  targetWWNs                [string]  list=atomic  -- Target world wide names.
  lun                       int32  -- Logical unit number.
  fsType                    string  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.
  wwids                     [string]  list=atomic  -- Volume world wide ids (instead of targetWWNs and lun).

CSIVolumeSource: An inline volume provided by a CSI driver.
  driver*                   string  -- Name of the CSI driver.
  readOnly                  bool  -- Mount read-only.
  fsType                    string  -- Filesystem type.
  volumeAttributes          {string}  -- Driver-specific settings.
  nodePublishSecretRef      LocalObjectReference?  -- Secret passed to the driver when mounting.

GCEPersistentDiskVolumeSource: A Google Compute Engine persistent disk (deprecated in-tree driver).
  pdName*                   string  -- Name of the disk.
  fsType                    string  -- Filesystem type.
  partition                 int32  -- Partition to mount.
  readOnly                  bool  -- Mount read-only.

AWSElasticBlockStoreVolumeSource: An AWS EBS volume (deprecated in-tree driver).
  volumeID*                 string  -- Id of the volume.
  fsType                    string  -- Filesystem type.
  partition                 int32  -- Partition to mount.
  readOnly                  bool  -- Mount read-only.

GitRepoVolumeSource: A git clone (deprecated; use an init container instead).
  repository*               string  -- Repository URL.
  revision                  string  -- Commit to check out.
  directory                 string  -- Directory name to clone into.

GlusterfsVolumeSource: A GlusterFS volume (deprecated).
  endpoints*                string  -- Endpoints object listing the Gluster servers.
  path*                     string  -- Gluster volume name.
  readOnly                  bool  -- Mount read-only.

RBDVolumeSource: A Ceph RBD image (deprecated in-tree driver).
  monitors*                 [string]  list=atomic  -- Ceph monitors.
  image*                    string  -- Image name.
  fsType                    string  -- Filesystem type.
  pool                      string  default=rbd  -- RADOS pool.
  user                      string  default=admin  -- RADOS user.
  keyring                   string  default=/etc/ceph/keyring  -- Keyring path.
  secretRef                 LocalObjectReference?  -- Secret with the key, instead of keyring.
  readOnly                  bool  -- Mount read-only.

FlexVolumeSource: A volume from a FlexVolume driver (deprecated).
  driver*                   string  -- Name of the driver.
  fsType                    string  -- Filesystem type.
  secretRef                 LocalObjectReference?  -- Secret passed to the driver.
  readOnly                  bool  -- Mount read-only.
  options                   {string}  -- Driver options.

CinderVolumeSource: An OpenStack Cinder volume (deprecated in-tree driver).
  volumeID*                 string  -- Id of the volume.
  fsType                    string  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.
  secretRef                 LocalObjectReference?  -- Secret with OpenStack credentials.

CephFSVolumeSource: A CephFS mount (deprecated in-tree driver).
  monitors*                 [string]  list=atomic  -- Ceph monitors.
  path                      string  -- Path in the filesystem; / by default.
  user                      string  -- RADOS user.
  secretFile                string  -- Path of the key file.
  secretRef                 LocalObjectReference?  -- Secret with the key.
  readOnly                  bool  -- Mount read-only.

FlockerVolumeSource: A Flocker dataset (deprecated).
  datasetName               string  -- Name of the dataset.
  datasetUUID               string  -- UUID of the dataset.

AzureFileVolumeSource: An Azure Files share (deprecated in-tree driver).
  secretName*               string  -- Secret with the storage account name and key.
  shareName*                string  -- Name of the share.
  readOnly                  bool  -- Mount read-only.

VsphereVirtualDiskVolumeSource: A vSphere disk (deprecated in-tree driver).
  volumePath*               string  -- Path of the disk.
  fsType                    string  -- Filesystem type.
  storagePolicyName         string  -- Storage policy name.
  storagePolicyID           string  -- Storage policy id.

QuobyteVolumeSource: A Quobyte volume (deprecated).
  registry*                 string  -- Registry services, host:port.
  volume*                   string  -- Volume name.
  readOnly                  bool  -- Mount read-only.
  user                      string  -- User to map access to.
  group                     string  -- Group to map access to.
  tenant                    string  -- Tenant owning the volume.

AzureDiskVolumeSource: An Azure data disk (deprecated in-tree driver).
  diskName*                 string  -- Name of the disk.
  diskURI*                  string  -- URI of the disk.
  cachingMode               string  default=ReadWrite enum=None|ReadOnly|ReadWrite  -- Host caching mode.
  fsType                    string  default=ext4  -- Filesystem type.
  readOnly                  bool  default=false  -- Mount read-only.
  kind                      string  default=Shared enum=Dedicated|Managed|Shared  -- Kind of disk.

PhotonPersistentDiskVolumeSource: A Photon Controller disk (deprecated).
  pdID*                     string  -- Id of the disk.
  fsType                    string  -- Filesystem type.

PortworxVolumeSource: A Portworx volume (deprecated in-tree driver).
  volumeID*                 string  -- Id of the volume.
  fsType                    string  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.

ScaleIOVolumeSource: A ScaleIO volume (deprecated).
  gateway*                  string  -- Gateway address.
  system*                   string  -- Storage system name.
  secretRef*                LocalObjectReference?  -- Secret with the user credentials.
  sslEnabled                bool  -- Use SSL with the gateway.
  protectionDomain          string  -- Protection domain.
  storagePool               string  -- Storage pool.
  storageMode               string  default=ThinProvisioned  -- ThickProvisioned or ThinProvisioned.
  volumeName                string  -- Name of an existing volume.
  fsType                    string  default=xfs  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.

StorageOSVolumeSource: A StorageOS volume (deprecated).
  volumeName                string  -- Volume name.
  volumeNamespace           string  -- StorageOS namespace.
  fsType                    string  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.
  secretRef                 LocalObjectReference?  -- Secret with the API credentials.
""")
