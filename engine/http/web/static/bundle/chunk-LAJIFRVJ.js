import{a as e,b as r}from"./chunk-OBBPQFMD.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as RailroadPegModule,r as createRailroadPegServices};
