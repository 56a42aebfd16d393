import{a as o,b as m}from"./chunk-KS5RGI2H.js";import"./chunk-ZZGNK56T.js";import"./chunk-QP3MATMC.js";import"./chunk-HSUPNI3F.js";import"./chunk-ZB77FVCY.js";import"./chunk-ZNB67UJY.js";import"./chunk-T4WWCC5Z.js";import"./chunk-GY75KKER.js";import"./chunk-SNMBC6G5.js";import"./chunk-VPURDAXN.js";import"./chunk-WNQCJRX3.js";import"./chunk-6XG6PGCX.js";import"./chunk-4QCHFESU.js";import"./chunk-RO747SXH.js";import"./chunk-HVVAQLXH.js";import"./chunk-6NDAIVIK.js";import"./chunk-F27AYMDH.js";import"./chunk-TFGHHOSI.js";import"./chunk-2RH3GH5R.js";import"./chunk-P6PSWJYK.js";import"./chunk-ZXD4QKXX.js";import"./chunk-KUV3PPHS.js";import{a as r}from"./chunk-YUSHYV7C.js";import"./chunk-GINGPXMU.js";var i=r(t=>`${o(t)}
  .swimlane.cluster:not([data-color-id]) rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,"getStyles"),e=i,b=m({styles:e});export{b as diagram};
