import{a as r,b as o}from"./chunk-TGP2U2WU.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{r as RailroadAbnfModule,o as createRailroadAbnfServices};
